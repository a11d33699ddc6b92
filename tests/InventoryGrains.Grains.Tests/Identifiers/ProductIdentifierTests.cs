using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Tests.Identifiers;

public sealed class ProductIdentifierTests
{
    private static string Key(IdentifierKind kind, string value)
    {
        Assert.True(ProductIdentifier.TryNormalize(new ItemIdentifier(kind, value), out var key, out var problem), problem);
        return key;
    }

    private static string Problem(IdentifierKind kind, string value)
    {
        Assert.False(ProductIdentifier.TryNormalize(new ItemIdentifier(kind, value), out _, out var problem));
        return problem;
    }

    [Theory]
    [InlineData(IdentifierKind.Upca, "012345678905", "gtin:00012345678905")]
    [InlineData(IdentifierKind.Upca, "036000291452", "gtin:00036000291452")]
    [InlineData(IdentifierKind.Ean13, "4006381333931", "gtin:04006381333931")]
    [InlineData(IdentifierKind.Ean13, "0012345678905", "gtin:00012345678905")]
    [InlineData(IdentifierKind.Ean13, "5901234123457", "gtin:05901234123457")]
    [InlineData(IdentifierKind.Gtin14, "10012345678902", "gtin:10012345678902")]
    [InlineData(IdentifierKind.Gtin14, "00012345678905", "gtin:00012345678905")]
    [InlineData(IdentifierKind.Isbn, "0306406152", "gtin:09780306406157")]
    [InlineData(IdentifierKind.Isbn, "9780306406157", "gtin:09780306406157")]
    [InlineData(IdentifierKind.Isbn, "978-0-306-40615-7", "gtin:09780306406157")]
    [InlineData(IdentifierKind.Isbn, "0-8044-2957-X", "gtin:09780804429573")]
    [InlineData(IdentifierKind.Isbn, "080442957x", "gtin:09780804429573")]
    [InlineData(IdentifierKind.Isbn, "9791090636071", "gtin:09791090636071")]
    [InlineData(IdentifierKind.Sku, "xkuOwSQ3utl", "sku:xkuOwSQ3utl")]
    [InlineData(IdentifierKind.Sku, "  padded  ", "sku:padded")]
    [InlineData(IdentifierKind.Sku, "00042", "sku:00042")]
    public void Valid_identifiers_normalise_to_one_key(IdentifierKind kind, string value, string expected)
    {
        Assert.Equal(expected, Key(kind, value));
    }

    [Theory]
    [InlineData(IdentifierKind.Upca, "012345678906", "check digit")]
    [InlineData(IdentifierKind.Upca, "12345678905", "12 digits")]
    [InlineData(IdentifierKind.Upca, "01234567890A", "12 digits")]
    [InlineData(IdentifierKind.Ean13, "4006381333932", "check digit")]
    [InlineData(IdentifierKind.Ean13, "012345678905", "13 digits")]
    [InlineData(IdentifierKind.Gtin14, "10012345678903", "check digit")]
    [InlineData(IdentifierKind.Gtin14, "0012345678905", "14 digits")]
    [InlineData(IdentifierKind.Isbn, "0306406153", "check digit")]
    [InlineData(IdentifierKind.Isbn, "9780306406158", "check digit")]
    [InlineData(IdentifierKind.Isbn, "4006381333931", "978 or 979")]
    [InlineData(IdentifierKind.Isbn, "X306406152", "ISBN-10")]
    [InlineData(IdentifierKind.Isbn, "03064061", "ISBN-10")]
    [InlineData(IdentifierKind.Sku, "", "sku_id")]
    [InlineData(IdentifierKind.Sku, "   ", "sku_id")]
    [InlineData(IdentifierKind.Sku, "tab\there", "sku_id")]
    public void Invalid_identifiers_are_refused_with_the_reason(IdentifierKind kind, string value, string reason)
    {
        Assert.Contains(reason, Problem(kind, value), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sku_longer_than_the_limit_is_refused()
    {
        Assert.Contains("sku_id", Problem(IdentifierKind.Sku, new string('s', ProductIdentifier.MaxSkuLength + 1)), StringComparison.Ordinal);
        Assert.Equal("sku:" + new string('s', ProductIdentifier.MaxSkuLength), Key(IdentifierKind.Sku, new string('s', ProductIdentifier.MaxSkuLength)));
    }

    [Fact]
    public void One_gtin_written_as_upca_ean13_and_gtin14_is_one_key()
    {
        var keys = new[]
        {
            Key(IdentifierKind.Upca, "012345678905"),
            Key(IdentifierKind.Ean13, "0012345678905"),
            Key(IdentifierKind.Gtin14, "00012345678905"),
        };

        Assert.Single(keys.Distinct());
    }

    [Fact]
    public void An_isbn10_and_its_isbn13_are_one_key_and_that_key_is_the_gtin14_of_the_isbn13()
    {
        Assert.Equal(Key(IdentifierKind.Isbn, "0306406152"), Key(IdentifierKind.Isbn, "9780306406157"));
        Assert.Equal(Key(IdentifierKind.Isbn, "9780306406157"), Key(IdentifierKind.Ean13, "9780306406157"));
        Assert.Equal(Key(IdentifierKind.Isbn, "9780306406157"), Key(IdentifierKind.Gtin14, "09780306406157"));
    }

    [Fact]
    public void A_sku_and_a_gtin_with_the_same_digits_are_different_keys()
    {
        Assert.NotEqual(Key(IdentifierKind.Sku, "00012345678905"), Key(IdentifierKind.Gtin14, "00012345678905"));
    }

    [Theory]
    [InlineData("01234567890", 5)]
    [InlineData("400638133393", 1)]
    [InlineData("0000000000000", 0)]
    public void The_gs1_check_digit(string digits, int check)
    {
        Assert.Equal(check, ProductIdentifier.Gs1CheckDigit(digits));
    }
}
