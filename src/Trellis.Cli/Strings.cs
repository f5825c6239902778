using Trellis.Actions.Launch;

namespace Trellis.Cli;

/// <summary>Every sentence the CLI says to a person, in one place.</summary>
internal static class Strings
{
    public const string RootDescription = "Trellis external-action tools: validate and preview configurations offline; pull, push, diff and roll back a server's configuration; build and upload bundles.";
    public const string SeeHelp = "Run 'trellis --help' for usage.";

    public const string ValidateDescription = "Validate an external-action configuration: an editor array, {\"data\": [...]} as the server answers and pull writes, or a bundle's action-configuration.json.";
    public const string ValidateFileArgument = "The configuration file.";
    public const string FormatOption = "Output format: text or json.";

    public const string PreviewDescription = "Print the URL an action would open for a context, or why it would not.";
    public const string PreviewConfigOption = "The configuration file.";
    public const string PreviewActionOption = "The action's name.";
    public const string PreviewContextOption = "The context file (see docs/cli.md).";

    public static string UseBundleValidate(string path, string what) =>
        $"trellis: '{path}' is {what}, not a configuration; check a bundle with 'trellis bundle validate {path}'";

    public static string CannotRead(string path, string reason) => $"trellis: cannot read '{path}': {reason}";

    public static string ValidSummary(string path, int actions, int warnings) =>
        $"{path}: valid, {Plural(actions, "action")}, {Plural(warnings, "warning")}";

    public static string InvalidSummary(string path, int errors, int warnings) =>
        $"{path}: invalid, {Plural(errors, "error")}, {Plural(warnings, "warning")}";

    public static string UnknownAction(string name, string path) => $"trellis: no action named '{name}' in '{path}'";

    public static string InvalidContext(string path, string problem) => $"trellis: invalid context file '{path}': {problem}";

    public const string LoginDescription = "Check an API key against a server and save it for this user (file mode 600).";
    public const string LoginServerOption = "The server's base URL, such as https://trellis.example.com.";
    public const string LoginClientIdOption = "The API key's client_id.";
    public const string LoginClientSecretOption = "The API key's client_secret; read from standard input when left out.";
    public const string SharedSpaceOption = "The shared space id.";
    public const string NoSecret = "trellis: no client secret: pass --client-secret or write it to standard input";
    public const string EnvironmentWins = "trellis: note: TRELLIS_URL is set in this shell, so commands use the environment's key, not the saved one";

    public const string PullDescription = "Write the server's configuration and its version to a file.";
    public const string PullFileArgument = "The file to write (default actions.json).";

    public const string PushDescription = "Show what a pulled file changes and replace the server's configuration, if nobody saved since the pull.";
    public const string PushFileArgument = "The file to send (default actions.json).";
    public const string PushCommentOption = "A comment stored with the new version.";
    public const string PushDryRunOption = "Show the diff only; change nothing.";
    public const string PushForceOption = "Replace whatever version the server holds (no If-Match).";

    public const string DiffDescription = "Compare a file with the server (or a stored version), or two stored versions.";
    public const string DiffFileArgument = "The local file (default actions.json).";
    public const string DiffVersionOption = "Compare the file with this stored version instead of the current one.";
    public const string DiffFromOption = "The older version, with --to.";
    public const string DiffToOption = "The newer version, with --from.";
    public const string DiffUsage = "--from and --to go together, without a file or --version.";

    public const string HistoryDescription = "List the stored versions of the configuration, newest first.";
    public const string HistoryLimitOption = "How many versions to list.";

    public const string RollbackDescription = "Store an older version again as the newest one.";
    public const string RollbackVersionArgument = "The version to restore.";

    public const string BundleDescription = "Check, build and upload bundles (zips of files the server serves, with an optional action-configuration.json).";
    public const string BundleValidateDescription = "Apply the server's bundle rules to a folder or a zip, offline.";
    public const string BundlePackDescription = "Pack a folder into a zip the server accepts (refused if it would not).";
    public const string BundlePushDescription = "Upload a folder or zip as a new bundle, or as the new content of --guid.";
    public const string BundleListDescription = "List the bundles of the shared space.";
    public const string BundleDeleteDescription = "Delete a bundle and its files.";
    public const string BundleSourceArgument = "A bundle folder or a .zip file.";
    public const string BundleFolderArgument = "The bundle folder.";
    public const string BundleOutputOption = "Where to write the zip (default: the folder's name plus .zip, beside it).";
    public const string BundleGuidOption = "Replace this bundle's content instead of creating a new bundle.";
    public const string BundleGuidArgument = "The bundle's guid (see 'trellis bundle list').";

    public const string NewDescription = "Write a new bundle folder: one action and its app (tab, dialog, side panel) or prompt file (Aviator chip).";
    public const string NewNameArgument = "The action's name (letters, digits, '_' and '-').";
    public const string NewModeOption = "How the action opens: tab, dialog, side-panel or aviator.";
    public const string NewOutputOption = "The folder to write (default: the action's name).";

    public const string DevDescription = "Watch a bundle folder: on every change, check it, pack it, push it, and print the launch URL.";
    public const string DevFolderArgument = "The bundle folder.";
    public const string DevWorkspaceOption = "The workspace to plan the launch URL in.";

    public const string DevOverrideOption = "Also point your own launches of the action at this base URL (such as http://localhost:3000) while dev runs; cleared on exit.";
    public const string OverrideDescription = "Point your own launches of an action at another base URL (a development server); nobody else's launches change.";
    public const string OverrideSetDescription = "Set (or replace) your override of one action; it expires (default 8 hours).";
    public const string OverrideListDescription = "List your own overrides that have not expired.";
    public const string OverrideClearDescription = "Clear your override of one action.";
    public const string OverrideActionArgument = "The action's name.";
    public const string OverrideUrlArgument = "The base URL: absolute http or https, such as http://localhost:3000.";
    public const string OverrideExpiresOption = "Minutes until it expires (default: the server's, 8 hours; at most the server's maximum, 24 hours unless configured).";

    public static string BadOverrideUrl(string problem) => $"trellis: {problem}";

    public static string OverrideSet(string action, string url, string expires) =>
        $"Dev override active: your launches of {action} open {url} until {expires}; colleagues keep the configured URL.";

    public static string OverrideCleared(string action) => $"Cleared your dev override of {action}.";

    public const string NoOverrides = "No dev overrides.";

    public static string DevWatching(string folder) => $"Watching {folder}; save a file to push again, Ctrl+C to stop.";

    public static string LaunchUrl(string url) => $"Launch URL: {url}";

    public static string NoLaunchUrl(string reason) => $"No launch URL yet: {reason}";

    public static string FolderNotEmpty(string folder) => $"trellis: '{folder}' exists and is not empty; choose another --output";

    public static string Scaffolded(string folder) =>
        $"Created {folder}. Next: 'trellis bundle validate {folder}', then 'trellis dev {folder}' to push it on every change.";

    public static string NotAFolder(string path) => $"trellis: '{path}' is not a folder";

    public static string Packed(string zip, int bytes) => $"Wrote {zip} ({bytes} bytes)";

    public static string BundleDeleted(string guid) => $"Deleted bundle {guid}";

    public static string BundleUploaded(bool created, string guid, string? action, string entries) =>
        $"{(created ? "Created" : "Replaced")} bundle {guid}{(action is null ? "" : $" (action '{action}')")}: entries {entries}";

    public static string CannotWrite(string path, string reason) => $"trellis: cannot write '{path}': {reason}";

    public static string SignedIn(string server, string clientId, string path) => $"Signed in to {server} as {clientId}; saved to {path}";

    public static string Pulled(int version, int actions, string path) => $"Pulled version {version} ({Plural(actions, "action")}) to {path}";

    public static string NoBaseVersion(string path, string? problem) => problem is not null
        ? $"trellis: cannot read '{path}': {problem}"
        : $"trellis: '{path}' has no version to check against: run 'trellis pull' first, or push --force to replace whatever the server holds";

    public static string InvalidConfigFile(string path, string problem) => $"trellis: cannot read '{path}': {problem}";

    public static string PushedButNotRewritten(int version, string path, string reason) =>
        $"trellis: pushed version {version}, but could not rewrite '{path}' ({reason}); run 'trellis pull' before the next push";

    public static string ConflictHeader(string path, int baseVersion, int current) =>
        $"Conflict: {path} was pulled at version {baseVersion}, but the server is now at version {current}. Saved since:";

    public static string TheirChanges(int baseVersion, int current) => $"Changes on the server (version {baseVersion} to {current}):";

    public static string YourChanges(string path, int baseVersion) => $"Your changes ({path} against version {baseVersion}):";

    public static string ConflictAdvice(string path, int baseVersion, int current) =>
        $"trellis: conflict: nothing was pushed; {path} is based on version {baseVersion}, the server holds {current}. "
        + $"Merge by hand and set \"version\": {current} in the file, or 'trellis pull' to start over, or push --force to overwrite.";

    public static string NothingToPush(string path, int version) => $"{path} equals server version {version}; nothing to push";

    public static string Pushed(int version, int from, (int Added, int Removed, int Changed) summary, string path) =>
        $"Pushed version {version} (from {from}: {Summarize(summary)}); {path} now holds version {version}";

    public static string DryRun(int from, (int Added, int Removed, int Changed) summary) => $"Dry run: would replace version {from} ({Summarize(summary)})";

    public static string RollbackConflict(int version, string answer) =>
        $"trellis: conflict: the configuration changed after version {version} was read; nothing was restored ({answer})";

    public static string RolledBack(int target, int version) => $"Restored version {target} as version {version}";

    public static string RollbackUnchanged(int target, int version) => $"Version {target} equals the current version {version}; nothing changed";

    /// <summary>One line: hidden or disabled, the reason code of docs/reference/launches.md#availability, and what it means.</summary>
    public static string NotLaunchable(LaunchPlan plan) =>
        $"{(plan.IsVisible ? "disabled" : "hidden")}: {plan.Reason}: {LaunchReasonText.ForAuthor(plan.Reason)}";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Summarize((int Added, int Removed, int Changed) s) => $"{s.Added} added, {s.Removed} removed, {s.Changed} changed";
}
