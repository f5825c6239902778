namespace Trellis.Application.Auth;

/// <summary>The web UI's sign-in and sign-out paths (docs/reference/interfaces.md#web-ui-names), and where a person lands after signing in.</summary>
internal static class UiPaths
{
    public const string SignInPage = "/login";

    public const string SignOutEndpoint = "/logout";

    /// <summary>The sign-in page that brings the person back to <paramref name="returnUrl"/> afterwards.</summary>
    public static string SignIn(string? returnUrl) =>
        IsLocal(returnUrl) && returnUrl != "/" ? $"{SignInPage}?ReturnUrl={Uri.EscapeDataString(returnUrl!)}" : SignInPage;

    /// <summary>
    /// Only a path on this site may be a return address: <c>//evil.example</c>, <c>/\evil.example</c> and absolute
    /// URLs would turn the sign-in page into an open redirect.
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
