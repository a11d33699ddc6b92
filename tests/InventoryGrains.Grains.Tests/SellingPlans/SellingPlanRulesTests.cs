using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Grains.SellingPlans;

namespace InventoryGrains.Grains.Tests.SellingPlans;

public sealed class SellingPlanRulesTests
{
    private static SellingPlanPatch Patch(Action<SellingPlanSettings> set, string[] fields, Dictionary<string, string>? malformed = null)
    {
        var values = new SellingPlanSettings();
        set(values);
        return new SellingPlanPatch(values, fields, malformed ?? []);
    }

    [Fact]
    public void The_defaults_with_a_name_break_no_rule()
    {
        Assert.Empty(SellingPlanRules.Validate(new SellingPlanSettings { Name = "Plan" }));
    }

    [Fact]
    public void A_patch_changes_only_the_fields_it_names_and_leaves_the_original_untouched()
    {
        var current = new SellingPlanSettings { Name = "Before", InternalName = "internal", PricingPercentage = 10, ShopifyMarketIds = [1] };

        var (next, error) = SellingPlanRules.Apply(current, Patch(p =>
        {
            p.Name = "After";
            p.PricingPercentage = null;
            p.InternalName = "not named, so not applied";
        }, [nameof(SellingPlanSettings.Name), nameof(SellingPlanSettings.PricingPercentage)]));

        Assert.Null(error);
        Assert.Equal("After", next!.Name);
        Assert.Null(next.PricingPercentage);
        Assert.Equal("internal", next.InternalName);
        Assert.Equal([1L], next.ShopifyMarketIds);
        Assert.Equal("Before", current.Name);
        Assert.Equal(10, current.PricingPercentage);
    }

    [Fact]
    public void A_malformed_field_is_reported_with_its_own_message_next_to_the_rules_the_rest_breaks()
    {
        var current = new SellingPlanSettings { Name = "Plan" };

        var (next, error) = SellingPlanRules.Apply(current, Patch(
            p => p.BillingType = BillingType.ExactTime,
            [nameof(SellingPlanSettings.BillingType), nameof(SellingPlanSettings.PreorderMinQuantity)],
            new Dictionary<string, string> { [nameof(SellingPlanSettings.BillingAt)] = "must be an ISO-8601 date-time", [nameof(SellingPlanSettings.PreorderMinQuantity)] = "must be an integer" }));

        Assert.Null(next);
        Assert.Equal(SellingPlanErrorCode.ValidationFailed, error!.Code);
        Assert.Equal(["must be an ISO-8601 date-time"], error.FieldErrors![nameof(SellingPlanSettings.BillingAt)]);
        Assert.Equal(["must be an integer"], error.FieldErrors[nameof(SellingPlanSettings.PreorderMinQuantity)]);
        Assert.Equal(2, error.FieldErrors.Count);
    }

    [Fact]
    public void Min_above_max_is_one_error_on_the_maximum()
    {
        var errors = SellingPlanRules.Validate(new SellingPlanSettings { Name = "Plan", PreorderMinQuantity = 4, PreorderMaxQuantity = 3 });

        Assert.Equal([nameof(SellingPlanSettings.PreorderMaxQuantity)], errors.Keys);
    }

    [Theory]
    [InlineData("#abc", true)]
    [InlineData("#A1B2C3", true)]
    [InlineData("#abcd", false)]
    [InlineData("abc", false)]
    [InlineData("#12345G", false)]
    [InlineData("", false)]
    public void Colours_are_hash_and_three_or_six_hex_digits(string colour, bool valid)
    {
        var errors = SellingPlanRules.Validate(new SellingPlanSettings { Name = "Plan", PreorderBadgeTextColor = colour });

        Assert.Equal(valid, !errors.ContainsKey(nameof(SellingPlanSettings.PreorderBadgeTextColor)));
    }

    [Fact]
    public void A_numeric_tenant_is_its_own_shop_id_and_others_get_a_stable_positive_one()
    {
        Assert.Equal(48213L, SellingPlanRules.ShopIdOf("48213"));
        Assert.Equal(SellingPlanRules.ShopIdOf("shop-1"), SellingPlanRules.ShopIdOf("shop-1"));
        Assert.NotEqual(SellingPlanRules.ShopIdOf("shop-1"), SellingPlanRules.ShopIdOf("shop-2"));
        Assert.InRange(SellingPlanRules.ShopIdOf("shop-1"), 0, int.MaxValue);
        Assert.InRange(SellingPlanRules.ShopIdOf("-5"), 0, int.MaxValue);
    }
}
