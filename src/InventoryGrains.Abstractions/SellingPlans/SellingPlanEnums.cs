namespace InventoryGrains.Abstractions.SellingPlans;

// The enums of the selling plan schema. On the wire each value is the snake_case of its name.

public enum BillingType
{
    NoRemainingBalance,
    ExactTime,
    TimeAfterCheckout,
}

public enum IntervalType
{
    Day,
}

public enum CheckoutChargeType
{
    Percentage,
    Price,
}

public enum DeliveryType
{
    Asap,
    Anchor,
    ExactTime,
    Unknown,
}

public enum InventoryReserveType
{
    OnSale,
    OnFulfillment,
}

public enum InventoryProvider
{
    Shopify,
    Stoq,
}

public enum PricingType
{
    NoDiscount,
    Percentage,
    Price,
    FixedAmount,
}

public enum ProductVariantsSource
{
    Custom,
    All,
    Collection,
}
