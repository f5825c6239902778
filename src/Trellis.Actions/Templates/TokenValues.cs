using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Trellis.Actions.Templates;

/// <summary>
/// The values the tokens of docs/reference/launches.md#url-tokens take for one expansion. Values are raw (unencoded); expansion encodes
/// them. Launch planning fills this from the launch context; tests and tools may fill it directly.
/// </summary>
public sealed record TokenValues
{
    private readonly string _octaneUrl = string.Empty;

    /// <summary>
    /// Gets the public base URL for <c>{octane_url}</c> and <c>{bundle_url}</c>: scheme, host, optional port and path
    /// prefix. A trailing <c>/</c> is removed. <value>The default is empty.</value>
    /// </summary>
    public string OctaneUrl
    {
        get => _octaneUrl;
        init => _octaneUrl = (value ?? string.Empty).TrimEnd('/');
    }

    /// <summary>Gets the shared space id for <c>{shared_space}</c> and <c>{bundle_url}</c>.</summary>
    public long SharedSpace { get; init; }

    /// <summary>Gets the workspace id for <c>{workspace}</c>.</summary>
    public long Workspace { get; init; }

    /// <summary>Gets the user's login for <c>{user_login}</c>, or <see langword="null"/> (empty).</summary>
    public string? UserLogin { get; init; }

    /// <summary>Gets the user's e-mail for <c>{user_email}</c>, or <see langword="null"/> (empty).</summary>
    public string? UserEmail { get; init; }

    /// <summary>
    /// Gets the selected ids in grid order for <c>{entity_ids}</c> (only the first <see cref="TemplateDefaults.MaxEntityIds"/>
    /// are used); <c>{entity_id}</c> is the id when there is exactly one. <value>The default is empty.</value>
    /// </summary>
    public ImmutableArray<string> EntityIds { get; init; } = [];

    /// <summary>
    /// Gets the single selected entity as a <see cref="FieldKind.Reference"/> value whose fields feed
    /// <c>{entity.f}</c> and <c>{entity.f.g}</c>, or <see langword="null"/> when there is not exactly one.
    /// </summary>
    public FieldValue? Entity { get; init; }

    /// <summary>Gets the value of <c>{entity_type}</c> (an aggregate, or a type without one), or <see langword="null"/>.</summary>
    public string? EntityType { get; init; }

    /// <summary>Gets the grid filter for <c>{query}</c>, quotes included, or <see langword="null"/> (empty).</summary>
    public string? Query { get; init; }

    /// <summary>Gets a value indicating whether <i>Select all</i> was used, for <c>{all_selected}</c>.</summary>
    public bool AllSelected { get; init; }

    /// <summary>Gets the release picked in the module's context filter, for <c>{context_release}</c>.</summary>
    public string? ContextRelease { get; init; }

    /// <summary>Gets the sprint picked in the module's context filter, for <c>{context_sprint}</c>.</summary>
    public string? ContextSprint { get; init; }

    /// <summary>Gets the milestone picked in the module's context filter, for <c>{context_milestone}</c>.</summary>
    public string? ContextMilestone { get; init; }

    /// <summary>Gets the program picked in the module's context filter, for <c>{context_program}</c>.</summary>
    public string? ContextProgram { get; init; }

    /// <summary>Gets the pipeline open in the pipelines module, for <c>{context_pipeline}</c>.</summary>
    public string? ContextPipeline { get; init; }

    /// <summary>Gets the pipeline run open in the pipelines module, for <c>{context_pipeline_run}</c>.</summary>
    public string? ContextPipelineRun { get; init; }

    /// <summary>
    /// Gets the instance id of the hosting dialog or panel; <c>{dialog_id}</c> and <c>{panel_id}</c> both carry it.
    /// <see langword="null"/> (empty) for tabs and chips.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the user's XSRF token for <c>{xsrf_token}</c>, or <see langword="null"/> (empty).</summary>
    public string? XsrfToken { get; init; }

    /// <summary>
    /// Gets the function that mints a fresh identity token. It is called at most once per expansion, and only when the
    /// expanded part uses <c>{user_identity_token}</c>. <see langword="null"/> when identity tokens are disabled: the
    /// token then stays literally in the URL.
    /// </summary>
    public Func<string>? MintIdentityToken { get; init; }

    // Keeps the XSRF token and the user out of logs that print the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"OctaneUrl = {OctaneUrl}, SharedSpace = {SharedSpace}, Workspace = {Workspace}, ");
        builder.Append(CultureInfo.InvariantCulture, $"EntityIds = {EntityIds.Length}, EntityType = {EntityType}, AllSelected = {AllSelected}");
        return true;
    }
}
