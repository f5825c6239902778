using Trellis.Application.Audit;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>The one audit record of an entity change, whichever front door (REST or the web UI) made it.</summary>
internal static class EntityAudit
{
    public const string Create = "entity.create";
    public const string Update = "entity.update";
    public const string Delete = "entity.delete";

    public static void Add(TrellisDbContext db, TimeProvider time, WorkspaceScope scope, string action, EntityRecord record) =>
        AuditLog.Add(db, time, scope.User.Id, action, $"{record.Subtype ?? record.Type}/{OctaneJson.Id(record.Id)}", scope.SharedSpaceId, scope.WorkspaceId);
}
