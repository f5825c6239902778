namespace Trellis.Server.IntegrationTests;

/// <summary>Waits for what another node learns moments after a commit (through PostgreSQL's NOTIFY), as a client retrying would.</summary>
internal static class Eventually
{
    /// <summary>Tries <paramref name="condition"/> every 20 ms until it holds or <paramref name="within"/> has passed; whether it held.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = TimeProvider.System.GetUtcNow() + within;
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
