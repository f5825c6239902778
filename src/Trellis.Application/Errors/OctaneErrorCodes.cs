namespace Trellis.Application.Errors;

/// <summary>The error codes of docs/reference/rest.md#errors that the server emits; declared once, asserted by tests.</summary>
internal static class OctaneErrorCodes
{
    public const string QuerySyntaxError = "platform.query_syntax_error";
    public const string UnknownField = "platform.unknown_field";
    public const string InvalidLimit = "platform.invalid_limit";
    public const string IllegalFieldValue = "platform.illegal_field_value";
    public const string MissingRequiredField = "platform.missing_required_field";
    public const string MissingQuery = "platform.missing_query";
    public const string AuthenticationRequired = "platform.authentication_required";
    public const string AuthenticationFailed = "platform.authentication_failed";
    public const string IdleTimeOut = "VALIDATION_TOKEN_EXPIRED_IDLE_TIME_OUT";
    public const string GlobalTimeOut = "VALIDATION_TOKEN_EXPIRED_GLOBAL_TIME_OUT";
    public const string ModifyNonEditableField = "platform.modify_non_editable_field";
    public const string Forbidden = "platform.forbidden";
    public const string XsrfValidationFailed = "platform.xsrf_validation_failed";
    public const string EntityNotFound = "platform.entity_not_found";
    public const string UnknownEntityType = "platform.unknown_entity_type";
    public const string DuplicateEntity = "platform.duplicate_entity_error";
    public const string GeneralError = "platform.general_error";

    /// <summary>Trellis: an app's panel settings over their size limit (413).</summary>
    public const string SettingsTooLarge = "external_actions.settings_too_large";

    /// <summary>Trellis: other writers kept changing the same entities through every attempt of a write (409).</summary>
    public const string ConcurrentUpdate = "platform.concurrent_update";

    /// <summary>Trellis: an attachment's content over the configured size limit (413).</summary>
    public const string AttachmentTooLarge = "platform.attachment_too_large";

    /// <summary>Trellis: too many failed sign-ins for a login or from a client, or too many waiting; see <c>Retry-After</c> (429).</summary>
    public const string TooManyRequests = "platform.too_many_requests";

    /// <summary>Trellis: the database does not answer; see <c>Retry-After</c> (503).</summary>
    public const string ServiceUnavailable = "platform.service_unavailable";

    /// <summary>Trellis: a request body that cannot be read: not UTF-8, or not the compression its <c>Content-Encoding</c> names (400).</summary>
    public const string InvalidRequestBody = "platform.invalid_request_body";

    /// <summary>Trellis: a memo field's value over the configured size (413).</summary>
    public const string FieldValueTooLarge = "platform.field_value_too_large";

    /// <summary>Trellis: a query whose cross filters nest too deep or that has too many conditions (400).</summary>
    public const string QueryTooComplex = "platform.query_too_complex";
}
