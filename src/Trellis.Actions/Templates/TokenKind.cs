namespace Trellis.Actions.Templates;

/// <summary>The URL tokens of docs/reference/launches.md#url-tokens.</summary>
public enum TokenKind
{
    /// <summary>Braced text that looks like a token but is not one; it stays literally in the URL.</summary>
    Unknown,

    /// <summary><c>{entity_ids}</c>: the selected ids joined by raw commas, at most 500.</summary>
    EntityIds,

    /// <summary><c>{entity_id}</c>: the single selected id.</summary>
    EntityId,

    /// <summary><c>{entity_type}</c>: the aggregate type.</summary>
    EntityType,

    /// <summary><c>{entity.f}</c> or <c>{entity.f.g}</c>: a field of the single selected entity.</summary>
    EntityField,

    /// <summary><c>{shared_space}</c>.</summary>
    SharedSpace,

    /// <summary><c>{workspace}</c>.</summary>
    Workspace,

    /// <summary><c>{user_login}</c>.</summary>
    UserLogin,

    /// <summary><c>{user_email}</c>.</summary>
    UserEmail,

    /// <summary><c>{octane_url}</c>: the public base URL, inserted raw.</summary>
    OctaneUrl,

    /// <summary><c>{bundle_url}</c>: the space's bundle root, inserted raw.</summary>
    BundleUrl,

    /// <summary><c>{dialog_id}</c>: the instance id of the hosting dialog or panel.</summary>
    DialogId,

    /// <summary><c>{panel_id}</c>: the instance id of the hosting dialog or panel.</summary>
    PanelId,

    /// <summary><c>{xsrf_token}</c>.</summary>
    XsrfToken,

    /// <summary><c>{user_identity_token}</c>: a fresh signed JWT, or the token text when tokens are off.</summary>
    UserIdentityToken,

    /// <summary><c>{query}</c>: the grid filter as a REST <c>query</c> value, quotes included.</summary>
    Query,

    /// <summary><c>{all_selected}</c>.</summary>
    AllSelected,

    /// <summary><c>{context_release}</c>.</summary>
    ContextRelease,

    /// <summary><c>{context_sprint}</c>.</summary>
    ContextSprint,

    /// <summary><c>{context_milestone}</c>.</summary>
    ContextMilestone,

    /// <summary><c>{context_program}</c>.</summary>
    ContextProgram,

    /// <summary><c>{context_pipeline}</c>.</summary>
    ContextPipeline,

    /// <summary><c>{context_pipeline_run}</c>.</summary>
    ContextPipelineRun,
}
