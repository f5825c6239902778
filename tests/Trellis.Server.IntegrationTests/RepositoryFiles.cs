namespace Trellis.Server.IntegrationTests;

/// <summary>Files of the repository the tests check the server against (docs, scripts, the app SDK).</summary>
public static class RepositoryFiles
{
    /// <summary>The folder that holds <c>Trellis.slnx</c>, found above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of a file given by its parts below the repository's root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Trellis.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Trellis.slnx not found above the test binaries.");
    }
}
