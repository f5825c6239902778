using Trellis.Actions.Launch;

namespace Trellis.Cli;

/// <summary>Every sentence the CLI says to a person, in one place.</summary>
internal static class Strings
{
    public const string RootDescription = "Trellis external-action tools: validate and preview action configurations.";
    public const string SeeHelp = "Run 'trellis --help' for usage.";

    public const string ValidateDescription = "Validate an external-action configuration (an editor array or a bundle's action-configuration.json).";
    public const string ValidateFileArgument = "The configuration file.";
    public const string FormatOption = "Output format: text or json.";

    public const string PreviewDescription = "Print the URL an action would open for a context, or why it would not.";
    public const string PreviewConfigOption = "The configuration file.";
    public const string PreviewActionOption = "The action's name.";
    public const string PreviewContextOption = "The context file (see docs/cli.md).";

    public static string CannotRead(string path, string reason) => $"trellis: cannot read '{path}': {reason}";

    public static string ValidSummary(string path, int actions, int warnings) =>
        $"{path}: valid, {Plural(actions, "action")}, {Plural(warnings, "warning")}";

    public static string InvalidSummary(string path, int errors, int warnings) =>
        $"{path}: invalid, {Plural(errors, "error")}, {Plural(warnings, "warning")}";

    public static string UnknownAction(string name, string path) => $"trellis: no action named '{name}' in '{path}'";

    public static string InvalidContext(string path, string problem) => $"trellis: invalid context file '{path}': {problem}";

    /// <summary>One line: hidden or disabled, the reason code of SPEC.md §5.1, and what it means.</summary>
    public static string NotLaunchable(LaunchPlan plan) =>
        $"{(plan.IsVisible ? "disabled" : "hidden")}: {plan.Reason}: {LaunchReasonText.ForAuthor(plan.Reason)}";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
