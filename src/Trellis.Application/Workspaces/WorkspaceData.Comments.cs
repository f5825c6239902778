using System.Globalization;
using System.Text.Json.Nodes;
using Trellis.Application.Entities;
using Trellis.Application.Errors;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Workspaces;

/// <summary>The details page's changes to a comment: the REST update and delete of <c>…/comments/{id}</c>, with the same rule and audit.</summary>
internal sealed partial class WorkspaceData
{
    /// <summary>
    /// Replaces the text of a comment on an entity through the entity writer, which lets only its author do so
    /// (docs/security.md#comments); the error's text, or <see langword="null"/>.
    /// </summary>
    public async Task<string?> EditCommentAsync(WorkspaceScope scope, string type, string id, string commentId, string text, CancellationToken cancellationToken)
    {
        if (HtmlOf(text) is not { } html)
        {
            return "The comment is empty. Delete it instead.";
        }

        return await ChangeCommentAsync(scope, type, id, commentId, async (db, writer, row, _) =>
        {
            if (await writer.UpdateAsync(row, new JsonObject { ["text"] = html }, cancellationToken) is { } error)
            {
                return error;
            }

            EntityAudit.Add(db, time, scope, EntityAudit.Update, row);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes a comment on an entity, as <c>DELETE …/comments/{id}</c> does: its author or a workspace admin may
    /// (docs/security.md#comments); the error's text, or <see langword="null"/>.
    /// </summary>
    public async Task<string?> DeleteCommentAsync(WorkspaceScope scope, string type, string id, string commentId, CancellationToken cancellationToken)
    {
        // The REST delete's own path: the comment rule, owned rows, audit.
        return await ChangeCommentAsync(scope, type, id, commentId, (db, writer, row, workspace) =>
            writer.DeleteAsync([row], new EntityReader(db, dialect, workspace, scope.WorkspaceId), cancellationToken), cancellationToken);
    }

    // Finds the comment on the page's entity, applies the change through the entity writer and saves it, tried again
    // over a concurrent write; the error's text, or null.
    private async Task<string?> ChangeCommentAsync(WorkspaceScope scope, string type, string id, string commentId,
        Func<TrellisDbContext, EntityWriter, EntityRecord, WorkspaceSchema, Task<OctaneError?>> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ConflictRetry.RunAsync(db, async () =>
        {
            var (row, workspace, missing) = await FindCommentAsync(db, scope, type, id, commentId, cancellationToken);
            if (row is null)
            {
                return missing;
            }

            if (await change(db, new EntityWriter(db, workspace!, scope, time, limits.Value), row, workspace!) is { } refused)
            {
                return refused.Description;
            }

            await db.SaveChangesAsync(cancellationToken);
            return null;
        }, () => OctaneError.ConcurrentUpdate().Description);
    }

    // The tracked comment row, when it is a comment on the entity the page shows; otherwise why not.
    private async Task<(EntityRecord? Row, WorkspaceSchema? Workspace, string? Missing)> FindCommentAsync(
        TrellisDbContext db, WorkspaceScope scope, string type, string id, string commentId, CancellationToken cancellationToken)
    {
        const string Gone = "The comment no longer exists.";
        if (CommentOwnerField(type) is not { } owner
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ownerId)
            || !long.TryParse(commentId, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return (null, null, Gone);
        }

        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(CommentAuthorship.Type) is not { } schema)
        {
            return (null, null, Gone);
        }

        var row = await new EntityReader(db, dialect, workspace, scope.WorkspaceId).FindAsync(schema, key, cancellationToken);
        var onThisEntity = row is not null && OctaneJson.TryGetId((JsonNode.Parse(row.Fields) as JsonObject)?[owner], out var stored) && stored == ownerId;
        return onThisEntity ? (row, workspace, null) : (null, null, Gone);
    }
}
