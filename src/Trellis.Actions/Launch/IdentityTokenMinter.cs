namespace Trellis.Actions.Launch;

/// <summary>
/// Mints a fresh user identity token (docs/identity-tokens.md#the-token) for one launch or fragment update. The server signs it; the
/// engine only decides when one is needed.
/// </summary>
/// <param name="audience">The action's <c>name</c>, which becomes the token's <c>aud</c>.</param>
/// <returns>The compact JWS.</returns>
public delegate string IdentityTokenMinter(string audience);
