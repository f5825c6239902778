namespace Trellis.Circuits.Load.Tests;

public sealed class MeasurementTests
{
    [Fact]
    public void Percentiles_AreByNearestRank()
    {
        double[] sorted = [.. Enumerable.Range(1, 20).Select(i => (double)i)];

        Assert.Equal(10, Samples.Percentile(sorted, 50));
        Assert.Equal(19, Samples.Percentile(sorted, 95));
        Assert.Equal(20, Samples.Percentile(sorted, 99));
        Assert.Equal(5, Samples.Percentile([5], 95));
        Assert.True(double.IsNaN(Samples.Percentile([], 95)));
    }

    [Fact]
    public void ProcStatus_GivesTheKilobytesOfALine()
    {
        string[] status = ["Name:\tTrellis.Server", "VmHWM:\t  301234 kB", "VmRSS:\t  298765 kB", "Threads:\t41"];

        Assert.Equal(298765, ServerMemory.StatusKiB(status, "VmRSS"));
        Assert.Equal(301234, ServerMemory.StatusKiB(status, "VmHWM"));
        Assert.Throws<InvalidDataException>(() => ServerMemory.StatusKiB(status, "VmSwap"));
    }

    [Fact]
    public void ProcStat_GivesUserPlusSystemTicks_EvenWhenTheCommandHasSpacesAndParentheses()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
        const string stat = "4242 (Trellis (x) Server) S 1 4242 4242 0 -1 4194560 9001 0 12 0 1530 275 0 0 20 0 41 0 123456";

        Assert.Equal(1805, ServerMemory.CpuTicks(stat));
    }

    [Fact]
    public void Options_HaveDefaultsAndRefuseWhatTheyDoNotKnow()
    {
        var defaults = LoadOptions.Parse([]);
        Assert.Equal(200, defaults.Users);
        Assert.Equal("load007@trellis.local", defaults.Login(6));
        Assert.Equal(new Uri("http://127.0.0.1:5093/"), defaults.Url);

        var given = LoadOptions.Parse(["--url", "http://127.0.0.1:6000", "--users", "3", "--page", "/1001/1002/quality"]);
        Assert.Equal(new Uri("http://127.0.0.1:6000/"), given.Url);
        Assert.Equal("1001/1002/quality", given.Page);

        Assert.Contains("--users takes a whole number", Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--users", "many"])).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown option --colour", Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--colour", "red"])).Message, StringComparison.Ordinal);
    }
}
