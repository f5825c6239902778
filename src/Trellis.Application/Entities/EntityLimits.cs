using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.Entities;

/// <summary>Size limits on entity values (<c>Trellis:Entities</c>), checked by <see cref="EntityWriter"/> on every way in.</summary>
internal sealed class EntityLimits
{
    public const string Section = "Trellis:Entities";

    /// <summary>Gets or sets the largest memo value (description, comment text) in UTF-8 bytes; a larger one is refused with 413.</summary>
    /// <value>The default is 1 MiB (1,048,576 bytes).</value>
    [Range(1, int.MaxValue)]
    public int MemoMaxBytes { get; set; } = 1024 * 1024;
}
