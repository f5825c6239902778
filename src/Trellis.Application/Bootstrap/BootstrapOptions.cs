using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.Bootstrap;

/// <summary>What the server creates on an empty database (<c>Trellis:Bootstrap</c>).</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Trellis:Bootstrap";

    /// <summary>Gets or sets the login of the first admin.</summary>
    /// <value>The default is <c>admin</c>.</value>
    [Required]
    [MinLength(1)]
    public string AdminLogin { get; set; } = "admin";

    /// <summary>Gets or sets the first admin's password; when empty, one is generated and logged once.</summary>
    /// <value>The default is none.</value>
    public string? AdminPassword { get; set; }

    /// <summary>Gets or sets a value indicating whether sample content is added.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DemoData { get; set; } = true;
}
