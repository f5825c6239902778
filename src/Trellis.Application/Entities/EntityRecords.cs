using System.Text.Json.Nodes;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>Builds <c>entities</c> rows the same way for bootstrap, demo data and REST creates.</summary>
internal static class EntityRecords
{
    /// <summary>A new row of <paramref name="type"/> (a plain type or a subtype, never an aggregate).</summary>
    public static EntityRecord New(long workspaceId, TypeDefinition type, string? name, JsonObject fields, DateTimeOffset now, string? logicalName = null)
    {
        if (type.IsAggregate)
        {
            throw new ArgumentException($"'{type.Name}' is an aggregate; rows are of one of its subtypes.", nameof(type));
        }

        // Dates travel in seconds (docs/reference/rest.md#conventions) and queries compare them by whole seconds, but creation keeps
        // milliseconds so that sorting by creation_time follows the order entities were made in.
        var at = TruncateToMilliseconds(now);
        return new EntityRecord
        {
            WorkspaceId = workspaceId,
            Type = type.StorageType,
            Subtype = type.Subtype,
            Name = name,
            LogicalName = logicalName,
            VersionStamp = 1,
            CreationTime = at,
            LastModified = at,
            Fields = fields.ToJsonString(),
        };
    }

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
