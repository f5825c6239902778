using Microsoft.EntityFrameworkCore;

namespace Trellis.Application.Entities;

/// <summary>
/// Runs a read-change-save of entity rows again when another writer changed or removed one of its rows in between.
/// An entity's <c>version_stamp</c> is a concurrency token, so a save finds the conflict instead of writing its
/// <c>fields</c> over changes it never read; read again, the same request's fields land on the row as it is now, and
/// two requests that change different fields of one entity both keep their change.
/// </summary>
internal static class ConflictRetry
{
    /// <summary>How many times a write is tried; each conflict means another write went through, so only a storm of writes to the same rows exhausts it.</summary>
    public const int Attempts = 10;

    /// <summary>Runs <paramref name="attempt"/> (which reads, changes and saves) until it saves without a conflict, or answers <paramref name="conflicted"/>.</summary>
    public static async Task<T> RunAsync<T>(DbContext db, Func<Task<T>> attempt, Func<T> conflicted)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException)
            {
                // Forget what was read and changed: the next attempt reads the rows as they are now.
                db.ChangeTracker.Clear();
                if (tried == Attempts)
                {
                    return conflicted();
                }
            }
        }
    }
}
