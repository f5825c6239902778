namespace Trellis.Data.Model;

/// <summary>A person who signs in; shaped like Octane's <c>users</c> collection.</summary>
public sealed class User
{
    /// <summary>The longest login, e-mail address, first or last name the user's columns hold.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space the user was created in.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the login (Octane's user <c>name</c>); unique across the site.</summary>
    public required string Login { get; set; }

    /// <summary>Gets or sets the e-mail address.</summary>
    public required string Email { get; set; }

    /// <summary>Gets or sets the first name.</summary>
    public string FirstName { get; set; } = "";

    /// <summary>Gets or sets the last name.</summary>
    public string LastName { get; set; } = "";

    /// <summary>Gets or sets the password hash (ASP.NET Core Identity's PBKDF2 format); never the password.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Gets or sets a value indicating whether the user may sign in.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Gets or sets when the user was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
