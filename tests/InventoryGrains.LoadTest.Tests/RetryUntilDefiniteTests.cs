using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Tests;

public sealed class RetryUntilDefiniteTests
{
    private static readonly Outcome Ok = new(true, null, 2);
    private static readonly Outcome Unknown = new(false, "UNAVAILABLE", null);

    [Fact]
    public async Task Only_the_entries_still_unknown_are_sent_again_until_each_is_definite()
    {
        var attempts = new List<IReadOnlyList<int>>();

        var outcomes = await RetryUntilDefinite.RunAsync(4, pending =>
        {
            attempts.Add(pending);

            // First attempt: entries 1 and 3 unknown; second: 3 still unknown; third: all definite.
            IReadOnlyList<Outcome> answered = [.. pending.Select(index => attempts.Count switch
            {
                1 => index is 1 or 3 ? Unknown : Ok,
                2 => index == 3 ? Unknown : new Outcome(false, "REVISION_MISMATCH", 5),
                _ => Ok,
            })];
            return Task.FromResult(answered);
        });

        Assert.Equal([[0, 1, 2, 3], [1, 3], [3]], attempts);
        Assert.Equal([(true, null), (false, "REVISION_MISMATCH"), (true, null), (true, null)], outcomes.Select(o => (o.Success, o.ErrorCode)));
        Assert.Equal([[], ["UNAVAILABLE"], [], ["UNAVAILABLE", "UNAVAILABLE"]], outcomes.Select(o => o.UnknownBefore));
    }

    [Theory]
    [InlineData("UNAVAILABLE", true)]
    [InlineData("TRANSPORT", true)]
    [InlineData("HTTP_503", true)]
    [InlineData("HTTP_500", true)]
    [InlineData("HTTP_409", true)]
    [InlineData("HTTP_422", false)]
    [InlineData("REVISION_MISMATCH", false)]
    public void Server_failures_and_a_key_still_in_use_leave_the_outcome_unknown(string code, bool uncertain) =>
        Assert.Equal(uncertain, new Outcome(false, code, null).Uncertain);
}
