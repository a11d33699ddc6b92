namespace InventoryGrains.Abstractions.SellingPlans;

/// <summary>
/// Everything a merchant sets on a selling plan (the seed's <c>SellingPlanInput</c>). Nullable
/// properties are the fields the schema lets a merchant clear; the others always hold a value and
/// start from the defaults below. Validity is decided by the selling plan grain, never here.
/// </summary>
[GenerateSerializer]
public sealed class SellingPlanSettings
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string InternalName { get; set; } = "";
    [Id(2)] public bool Enabled { get; set; } = true;
    [Id(3)] public BillingType BillingType { get; set; } = BillingType.NoRemainingBalance;
    [Id(4)] public DateTimeOffset? BillingAt { get; set; }
    [Id(5)] public int? BillingAfterNIntervals { get; set; }
    [Id(6)] public IntervalType BillingAfterIntervalType { get; set; } = IntervalType.Day;
    [Id(7)] public decimal? BillingCheckoutChargeAmount { get; set; }
    [Id(8)] public decimal? BillingCheckoutChargePercentage { get; set; }
    [Id(9)] public CheckoutChargeType BillingCheckoutChargeType { get; set; } = CheckoutChargeType.Percentage;
    [Id(10)] public string BillingTitle { get; set; } = "";
    [Id(11)] public string BillingDescription { get; set; } = "";
    [Id(12)] public DeliveryType DeliveryType { get; set; } = DeliveryType.Asap;
    [Id(13)] public DateTimeOffset? DeliveryAt { get; set; }
    [Id(14)] public int? DeliveryAfterNIntervals { get; set; }
    [Id(15)] public IntervalType DeliveryAfterIntervalType { get; set; } = IntervalType.Day;
    [Id(16)] public InventoryReserveType InventoryReserveType { get; set; } = InventoryReserveType.OnSale;
    [Id(17)] public InventoryProvider InventoryProvider { get; set; } = InventoryProvider.Shopify;
    [Id(18)] public PricingType PricingType { get; set; } = PricingType.NoDiscount;
    [Id(19)] public decimal? PricingAmount { get; set; }
    [Id(20)] public decimal? PricingPercentage { get; set; }
    [Id(21)] public string QuantityLimitText { get; set; } = "";
    [Id(22)] public string PreorderButtonText { get; set; } = "Preorder now";
    [Id(23)] public string PreorderButtonTextColor { get; set; } = "#FFFFFF";
    [Id(24)] public string PreorderButtonBackgroundColor { get; set; } = "#000000";
    [Id(25)] public bool PreorderButtonColorsEnabled { get; set; }
    [Id(26)] public bool PreorderDiscountedPriceEnabled { get; set; }
    [Id(27)] public string PreorderButtonDescription { get; set; } = "";
    [Id(28)] public string PreorderButtonDescriptionBackgroundColor { get; set; } = "#F5F5F5";
    [Id(29)] public string PreorderButtonDescriptionBorderRadius { get; set; } = "4";
    [Id(30)] public string PreorderButtonDescriptionQuantityLimitSuffix { get; set; } = "";
    [Id(31)] public string PreorderButtonDescriptionShippingTextPrefix { get; set; } = "";
    [Id(32)] public bool PreorderButtonDescriptionShowQuantityLimit { get; set; }
    [Id(33)] public bool PreorderButtonDescriptionShowShipping { get; set; }
    [Id(34)] public string PreorderButtonDescriptionTextColor { get; set; } = "#000000";
    [Id(35)] public bool PreorderBadgeEnabled { get; set; }
    [Id(36)] public string PreorderBadgeText { get; set; } = "Preorder";
    [Id(37)] public string PreorderBadgeTextColor { get; set; } = "#FFFFFF";
    [Id(38)] public string PreorderBadgeBackgroundColor { get; set; } = "#000000";
    [Id(39)] public string PreorderShippingText { get; set; } = "";
    [Id(40)] public string ShippingText { get; set; } = "";
    [Id(41)] public bool ShippingLineItemPropertyEnabled { get; set; }
    [Id(42)] public bool ShippingAppliesToAllProducts { get; set; }
    [Id(43)] public string DiscountText { get; set; } = "";
    [Id(44)] public string PreorderTags { get; set; } = "";
    [Id(45)] public ProductVariantsSource ProductVariantsSource { get; set; } = ProductVariantsSource.Custom;
    [Id(46)] public long? ProductVariantsSourceId { get; set; }
    [Id(47)] public bool MarketsEnabled { get; set; }
    [Id(48)] public List<long> ShopifyMarketIds { get; set; } = [];
    [Id(49)] public bool AutoCollectPayment { get; set; }
    [Id(50)] public bool UseShopifySellingPlan { get; set; }
    [Id(51)] public bool EnableBillingWidget { get; set; }
    [Id(52)] public bool SplitFulfillmentsEnabled { get; set; }
    [Id(53)] public bool RequirePreorderAcknowledgement { get; set; }
    [Id(54)] public string PreorderAcknowledgementText { get; set; } = "";
    [Id(55)] public bool AllowMixedCart { get; set; } = true;
    [Id(56)] public string MixedCartErrorMessage { get; set; } = "";
    [Id(57)] public int? PreorderMinQuantity { get; set; }
    [Id(58)] public int? PreorderMaxQuantity { get; set; }
    [Id(59)] public bool PaymentLineItemPropertyEnabled { get; set; }
    [Id(60)] public string? CustomLineItemPropertyText { get; set; }
    [Id(61)] public bool AutoCollectPaymentOnFulfillment { get; set; }
    [Id(62)] public bool HoldFulfillmentsEnabled { get; set; }
    [Id(63)] public string HoldFulfillmentsReasonNote { get; set; } = "";
    [Id(64)] public bool DisableButtonUntilAcknowledged { get; set; }

    public SellingPlanSettings Clone()
    {
        var copy = (SellingPlanSettings)MemberwiseClone();
        copy.ShopifyMarketIds = [.. ShopifyMarketIds];
        return copy;
    }
}
