using System.Globalization;
using Trellis.Actions.EntityTypes;
using Trellis.Application.Entities;

namespace Trellis.Application.Workspaces;

/// <summary>An attachment as the details page lists it.</summary>
/// <param name="Id">The attachment's id.</param>
/// <param name="Name">Its file name.</param>
/// <param name="Size">Its size in bytes, as stored.</param>
/// <param name="Author">Who uploaded it.</param>
/// <param name="Created">When, as the grids show dates.</param>
internal sealed record AttachmentItem(string Id, string Name, long Size, string Author, string Created);

/// <summary>The attachments of the details page. Uploads, downloads and deletes go to the REST attachments endpoints from the browser.</summary>
internal sealed partial class WorkspaceData
{
    /// <summary>
    /// The reference from an attachment to its owner (the attachment type's <c>owner_*</c> fields), by the owner's aggregate;
    /// <see langword="null"/> for a type that takes no attachments.
    /// </summary>
    public static string? AttachmentOwnerField(string type) => EntityTypeTree.Default.AggregateOf(type) switch
    {
        "work_item" => "owner_work_item",
        "test" => "owner_test",
        _ => null,
    };

    /// <summary>
    /// The attachments of an entity, oldest first (at most 500), read as <c>GET …/attachments?query="owner_work_item EQ {id EQ …}"</c>
    /// reads them; <see langword="null"/> when its type takes none or they cannot be read.
    /// </summary>
    public async Task<IReadOnlyList<AttachmentItem>?> AttachmentsAsync(WorkspaceScope scope, string type, string id, CancellationToken cancellationToken)
    {
        if (AttachmentOwnerField(type) is not { } owner || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var page = await PageAsync(scope, "attachment",
            [new GridColumn("size", "Size", false), new GridColumn("author", "Author", false), new GridColumn("creation_time", "Created", false)],
            new GridRequest($"\"{owner} EQ {{id EQ {id}}}\"", "id", false, 0, 500), cancellationToken);
        return page.Error is null
            ? [.. page.Rows.Select(r => new AttachmentItem(r.Id, r.Name, long.TryParse(r.Cells["size"], CultureInfo.InvariantCulture, out var size) ? size : 0, r.Cells["author"], r.Cells["creation_time"]))]
            : null;
    }
}
