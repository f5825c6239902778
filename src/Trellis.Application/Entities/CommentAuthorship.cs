using System.Text.Json.Nodes;
using Trellis.Application.Access;
using Trellis.Application.Errors;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>
/// Who may change a comment (docs/security.md#comments): its author rewrites or deletes it, a workspace admin (space
/// and site admins count as one) deletes anyone's as moderation but rewrites nobody's, and nobody writes a comment in
/// someone else's name. The entity writer asks here on every update and delete, REST's and the details page's alike.
/// </summary>
internal static class CommentAuthorship
{
    /// <summary>The stored type of a comment row.</summary>
    public const string Type = "comment";

    /// <summary>The id of the person who wrote a comment row, or <see langword="null"/> when it records none.</summary>
    public static long? AuthorOf(EntityRecord row) => AuthorOf(JsonNode.Parse(row.Fields) as JsonObject);

    /// <summary>The author id kept in a comment's stored fields, or <see langword="null"/>.</summary>
    public static long? AuthorOf(JsonObject? fields) => OctaneJson.TryGetId(fields?["author"], out var id) ? id : null;

    /// <summary>Why the caller may not change the text of a comment by <paramref name="author"/>, or <see langword="null"/> when they may.</summary>
    public static OctaneError? MayEdit(WorkspaceScope scope, long? author) =>
        scope.Lacks(WorkspaceTier.Member)?.ToOctaneError()
        ?? (author == scope.User.Id ? null : OctaneError.Forbidden("Only its author may change a comment."));

    /// <summary>Why the caller may not delete a comment by <paramref name="author"/>, or <see langword="null"/> when they may.</summary>
    public static OctaneError? MayDelete(WorkspaceScope scope, long? author) =>
        scope.Lacks(WorkspaceTier.Member)?.ToOctaneError()
        ?? (author == scope.User.Id || scope.Lacks(WorkspaceTier.Admin) is null
            ? null
            : OctaneError.Forbidden("Only its author or a workspace admin may delete a comment."));

    /// <summary>Why the caller may not delete <paramref name="row"/> when it is a comment; <see langword="null"/> for any other entity.</summary>
    public static OctaneError? MayDelete(WorkspaceScope scope, EntityRecord row) =>
        row.Type == Type ? MayDelete(scope, AuthorOf(row)) : null;

    /// <summary>A comment is written in its author's name only: an <c>author</c> other than the caller's is refused.</summary>
    public static OctaneError? WrittenAsCaller(WorkspaceScope scope, JsonObject fields) =>
        AuthorOf(fields) is { } author && author != scope.User.Id
            ? OctaneError.Forbidden("A comment's author is the person who writes it; 'author' may only name you.")
            : null;
}
