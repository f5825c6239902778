namespace Trellis.Cli;

/// <summary>The exit codes of docs/cli.md, named once.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The input is invalid, or the operation was refused (a hidden or disabled action, say).</summary>
    public const int Invalid = 1;

    /// <summary>A usage error, or a file that cannot be read.</summary>
    public const int UsageOrIo = 2;

    /// <summary>The server holds a newer version than the one a change was based on.</summary>
    public const int Conflict = 3;

    /// <summary>The server refused: a wrong key, a missing right, or a rule of the server.</summary>
    public const int Refused = 4;
}
