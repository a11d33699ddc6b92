using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using InventoryGrains.Abstractions.SellingPlans;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>The selling plan rules, as pure functions of the settings a change would leave behind.</summary>
public static partial class SellingPlanRules
{
    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="current"/> and checks the result.
    /// Every broken rule is reported at once, by property name; nothing is returned to store unless
    /// there are none.
    /// </summary>
    public static (SellingPlanSettings? Next, SellingPlanError? Error) Apply(SellingPlanSettings current, SellingPlanPatch patch)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);

        var next = current.Clone();
        SellingPlanFields.Copy(patch.Values, next, patch.Fields.Where(field => !patch.Malformed.ContainsKey(field)));

        var errors = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (field, message) in patch.Malformed)
        {
            errors[field] = [message];
        }

        foreach (var (field, messages) in Validate(next))
        {
            // A field the edge could not read keeps its old value here; its own message says more.
            errors.TryAdd(field, messages);
        }

        return errors.Count == 0
            ? (next, null)
            : (null, new SellingPlanError(SellingPlanErrorCode.ValidationFailed, "The selling plan is not valid.", errors));
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Validate(SellingPlanSettings plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(message);
        }

        if (string.IsNullOrWhiteSpace(plan.Name))
        {
            Add(nameof(plan.Name), "can't be blank");
        }

        if (plan.BillingType == BillingType.ExactTime && plan.BillingAt is null)
        {
            Add(nameof(plan.BillingAt), "can't be blank when billing_type is exact_time");
        }

        if (plan.BillingType == BillingType.TimeAfterCheckout && plan.BillingAfterNIntervals is null)
        {
            Add(nameof(plan.BillingAfterNIntervals), "can't be blank when billing_type is time_after_checkout");
        }

        AtLeast(nameof(plan.BillingAfterNIntervals), plan.BillingAfterNIntervals, 1);

        if (plan.DeliveryType == DeliveryType.ExactTime && plan.DeliveryAt is null)
        {
            Add(nameof(plan.DeliveryAt), "can't be blank when delivery_type is exact_time");
        }

        AtLeast(nameof(plan.DeliveryAfterNIntervals), plan.DeliveryAfterNIntervals, 1);

        Percentage(nameof(plan.BillingCheckoutChargePercentage), plan.BillingCheckoutChargePercentage);
        Percentage(nameof(plan.PricingPercentage), plan.PricingPercentage);
        NotNegative(nameof(plan.BillingCheckoutChargeAmount), plan.BillingCheckoutChargeAmount);
        NotNegative(nameof(plan.PricingAmount), plan.PricingAmount);

        if (plan.MarketsEnabled && plan.ShopifyMarketIds.Count == 0)
        {
            Add(nameof(plan.ShopifyMarketIds), "can't be empty when markets_enabled is true");
        }

        AtLeast(nameof(plan.PreorderMinQuantity), plan.PreorderMinQuantity, 1);
        AtLeast(nameof(plan.PreorderMaxQuantity), plan.PreorderMaxQuantity, 1);
        if (plan.PreorderMinQuantity is { } min && plan.PreorderMaxQuantity is { } max && min >= 1 && max < min)
        {
            Add(nameof(plan.PreorderMaxQuantity), "must be greater than or equal to preorder_min_quantity");
        }

        Colour(nameof(plan.PreorderButtonTextColor), plan.PreorderButtonTextColor);
        Colour(nameof(plan.PreorderButtonBackgroundColor), plan.PreorderButtonBackgroundColor);
        Colour(nameof(plan.PreorderButtonDescriptionBackgroundColor), plan.PreorderButtonDescriptionBackgroundColor);
        Colour(nameof(plan.PreorderButtonDescriptionTextColor), plan.PreorderButtonDescriptionTextColor);
        Colour(nameof(plan.PreorderBadgeTextColor), plan.PreorderBadgeTextColor);
        Colour(nameof(plan.PreorderBadgeBackgroundColor), plan.PreorderBadgeBackgroundColor);

        return errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);

        void AtLeast(string field, long? value, long minimum)
        {
            if (value < minimum)
            {
                Add(field, string.Create(CultureInfo.InvariantCulture, $"must be greater than or equal to {minimum}"));
            }
        }

        void Percentage(string field, decimal? value)
        {
            if (value is < 0 or > 100)
            {
                Add(field, "must be between 0 and 100");
            }
        }

        void NotNegative(string field, decimal? value)
        {
            if (value < 0)
            {
                Add(field, "must be greater than or equal to 0");
            }
        }

        void Colour(string field, string value)
        {
            if (!ColourPattern().IsMatch(value))
            {
                Add(field, "must be a colour written #RGB or #RRGGBB");
            }
        }
    }

    /// <summary>
    /// The numeric shop id a tenant's plans carry: the tenant name itself when it is a positive
    /// number, otherwise a stable 31-bit number derived from it.
    /// </summary>
    public static long ShopIdOf(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (long.TryParse(tenant, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) && numeric > 0)
        {
            return numeric;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(tenant));
        return BinaryPrimitives.ReadInt32BigEndian(digest) & int.MaxValue;
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex ColourPattern();
}
