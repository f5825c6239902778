namespace Trellis.Application.ExternalActions;

/// <summary>
/// Mints the RS256 user-identity token of docs/identity-tokens.md#the-token for one launch. Launch planning asks for one only when
/// the URL uses <c>{user_identity_token}</c> and the site parameter allows it.
/// </summary>
internal interface IUserIdentityTokenIssuer
{
    /// <summary>Signs a fresh token.</summary>
    /// <param name="request">Who, where, for which action, and the issuer URL.</param>
    /// <returns>The compact JWS.</returns>
    string Issue(IdentityTokenRequest request);
}

/// <summary>The claims' inputs: <c>sub</c>, <c>login</c>, <c>email</c>, <c>shared_space</c>, <c>workspace</c>, <c>aud</c> and <c>iss</c>.</summary>
internal sealed record IdentityTokenRequest(long UserId, string Login, string? Email, long SharedSpace, long Workspace, string ActionName, string Issuer);
