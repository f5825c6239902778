using System.Diagnostics;

namespace Trellis.Server.IntegrationTests;

/// <summary><c>eng/trx-summary.sh</c>, the counting behind <c>./test.sh</c>'s last line, fed result files.</summary>
public sealed class TestRunnerSummaryTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("trellis-trx-").FullName;

    [Fact]
    public async Task SkippedIsWhatEachFileListedButDidNotExecute_SummedOverFiles()
    {
        // What xunit v3's VSTest adapter writes: skips are not executed, yet its notExecuted counter stays 0.
        Write("server.trx", total: 11, executed: 3, passed: 3, failed: 0);
        Write("query.trx", total: 40, executed: 40, passed: 38, failed: 2);

        var (output, exitCode, _) = await SummarizeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("41 passed, 2 failed, 8 skipped", output);
    }

    [Fact]
    public async Task ARunLevelErrorOutsideAnyTest_CountsAsAFailureAndIsNamed()
    {
        // A class fixture that throws while cleaning up fails the run, but the counters show every test passed.
        Write("server.trx", total: 5, executed: 5, passed: 5, failed: 0,
            runError: "[Test Class Cleanup Failure (Trellis.Server.IntegrationTests.PostgresAttachmentTests)] Xunit.Sdk.TestPipelineException");

        var (output, exitCode, errors) = await SummarizeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("5 passed, 1 failed, 0 skipped", output);
        Assert.Contains("Test Class Cleanup Failure (Trellis.Server.IntegrationTests.PostgresAttachmentTests)", errors);
    }

    [Fact]
    public async Task AFailedTestsOwnRunInfoLine_IsNotCountedTwice()
    {
        // The adapter lists each failed test among the run's errors as well, as a line ending in [FAIL].
        Write("server.trx", total: 5, executed: 5, passed: 4, failed: 1,
            runError: "Trellis.Server.IntegrationTests.PostgresHealthTests.ALostNotifyListenerMakesReadyDegraded_UntilItReconnects [FAIL]");

        var (output, _, errors) = await SummarizeAsync();

        Assert.Equal("4 passed, 1 failed, 0 skipped", output);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AFolderWithoutResultsCountsAsAFailure()
    {
        var (output, _, _) = await SummarizeAsync();

        Assert.Equal("0 passed, 1 failed, 0 skipped", output);
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private void Write(string name, int total, int executed, int passed, int failed, string? runError = null) =>
        File.WriteAllText(Path.Combine(_results, name), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="{(runError is null ? "Completed" : "Failed")}">
                <Counters total="{total}" executed="{executed}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
                {(runError is null ? "" : $"""
                <RunInfos>
                  <RunInfo computerName="node" outcome="Error" timestamp="2026-12-06T11:30:39.1455733+00:00">
                    <Text>[xUnit.net 00:10:44.80]     {System.Security.SecurityElement.Escape(runError)}</Text>
                  </RunInfo>
                </RunInfos>
                """)}
              </ResultSummary>
            </TestRun>
            """);

    private async Task<(string Output, int ExitCode, string Errors)> SummarizeAsync()
    {
        var start = new ProcessStartInfo("bash", [RepositoryFiles.PathOf("eng", "trx-summary.sh"), _results])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return ((await output).Trim(), process.ExitCode, await errors);
    }
}
