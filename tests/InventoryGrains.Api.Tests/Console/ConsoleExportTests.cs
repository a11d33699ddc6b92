using System.Net;
using System.Text;
using InventoryGrains.Api.Console;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Console;

/// <summary>The items page's CSV export: every page of the search, streamed, one line per item.</summary>
public sealed class ConsoleExportTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    [Fact]
    public async Task The_export_holds_every_item_the_search_selects_across_pages_and_no_other_tenants()
    {
        var prefix = $"exp{Guid.NewGuid():N}"[..12];
        using var shop = factory.CreateClient().WithApiKey("shop-one-secret");
        for (var bulk = 0; bulk < 3; bulk++)
        {
            var entries = Enumerable.Range(bulk * 700, 700).Select(i => $$"""{"id":"{{prefix}}-{{i:D5}}","variantId":"v-{{prefix}}-{{i}}","quantity":{{i % 7}}}""");
            using var created = await shop.PostAsync("/stores/v3/bulk/inventory-items/create",
                new StringContent("{\"inventoryItems\":[" + string.Join(',', entries) + "]}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var other = factory.CreateClient().WithApiKey("shop-two-secret");
        using var foreign = await other.PostAsync("/stores/v3/inventory-items", new StringContent($$$"""{"inventoryItem":{"id":"{{{prefix}}}-foreign","variantId":"v-{{{prefix}}}-foreign","quantity":1}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        using var browser = ConsoleSession.Browser(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleSession.SignInAsync(browser, "shop-one-secret")).StatusCode);

        using var export = await browser.GetAsync($"/console/items.csv?q={prefix}&sort=available-asc", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment;", export.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ItemExport.Columns), lines[0]);
        Assert.Equal(2100, lines.Length - 1);
        Assert.Equal([.. Enumerable.Range(0, 2100).Select(i => $"{prefix}-{i:D5}")], lines.Skip(1).Select(line => line.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Equal([.. Enumerable.Range(0, 2100).Select(i => i % 7).Order()], lines.Skip(1).Select(line => int.Parse(line.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture)));
        var nine = Assert.Single(lines, line => line.StartsWith($"{prefix}-00009,", StringComparison.Ordinal));
        Assert.Equal($"{prefix}-00009,v-{prefix}-9,,default,true,IN_STOCK,2,0,0,0,0,0,0,2", string.Join(',', nine.Split(',')[..14]));
    }

    [Fact]
    public async Task Without_signing_in_there_is_no_export()
    {
        using var browser = ConsoleSession.Browser(factory);

        using var export = await browser.GetAsync("/console/items.csv");

        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("-1,2", "\"'-1,2\"")]
    [InlineData(null, "")]
    public void Text_fields_are_quoted_when_they_must_be_and_never_run_as_formulas(string? value, string written) =>
        Assert.Equal(written, ItemExport.Text(value));
}
