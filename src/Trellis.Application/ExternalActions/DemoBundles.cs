using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Bundles;
using Trellis.Application.Auth;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Application.SiteParameters;
using Trellis.Data;

namespace Trellis.Application.ExternalActions;

/// <summary>
/// The demo bundles (<c>samples/bundles/&lt;bundle&gt;/</c>, embedded in the server): each folder is zipped at the first
/// start and stored through the bundle uploader, exactly as an upload by the space admin would be. A bundle whose
/// <c>action-configuration.json</c> names a demo action replaces that action's definition and is attached to it.
/// </summary>
internal static class DemoBundles
{
    public const string ResourcePrefix = "Trellis.Server.samples.bundles/";

    /// <summary>The demo bundles as zips, by folder name, in name order.</summary>
    public static IReadOnlyList<(string Name, byte[] Zip)> Zips()
    {
        var assembly = typeof(DemoBundles).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => (Resource: n, Path: n[ResourcePrefix.Length..].Replace('\\', '/')))
            .Where(f => f.Path.Contains('/', StringComparison.Ordinal))
            .GroupBy(f => f.Path[..f.Path.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var zips = new List<(string, byte[])>();
        foreach (var bundle in files)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (resource, path) in bundle.OrderBy(f => f.Path, StringComparer.Ordinal))
                {
                    var entry = zip.CreateEntry(path[(bundle.Key.Length + 1)..], CompressionLevel.Optimal);
                    using var source = assembly.GetManifestResourceStream(resource)!;
                    using var target = entry.Open();
                    source.CopyTo(target);
                }
            }

            zips.Add((bundle.Key, buffer.ToArray()));
        }

        return zips;
    }

    /// <summary>Stores every demo bundle in a space, uploaded by its first space admin, after the demo actions are saved.</summary>
    public static async Task AddAsync(IServiceProvider services, long sharedSpaceId, CancellationToken cancellationToken)
    {
        foreach (var (name, zip) in Zips())
        {
            // One scope per bundle: the uploader's context holds one transaction.
            await using var scope = services.CreateAsyncScope();
            var provider = scope.ServiceProvider;
            var db = provider.GetRequiredService<TrellisDbContext>();
            var admin = await db.RoleAssignments.AsNoTracking()
                .Where(r => r.Role == Roles.SpaceAdmin && r.SharedSpaceId == sharedSpaceId)
                .OrderBy(r => r.UserId).Select(r => r.UserId).FirstAsync(cancellationToken);
            var read = BundleArchiveReader.Read(zip);
            if (read.Archive is not { } archive)
            {
                throw new InvalidOperationException($"The demo bundle {name} is not a valid bundle: {string.Join("; ", read.Reasons.Select(r => r.Entry + " " + r.Message))}");
            }

            BundleActionInfo? action = null;
            if (archive.Configuration is { } configuration && JsonNode.Parse(configuration)?["name"]?.GetValue<string>() is { } actionName)
            {
                action = await provider.GetRequiredService<IBundleActionSink>().FindByNameAsync(sharedSpaceId, actionName, cancellationToken);
            }

            var policy = (await provider.GetRequiredService<SiteParameterStore>().GetAsync(cancellationToken)).ToActionPolicy();
            var result = await provider.GetRequiredService<BundleUploader>()
                .SaveAsync(sharedSpaceId, archive, new BundleUploadTarget(null, action), admin, policy, cancellationToken);
            if (result.Refusal is { } refusal)
            {
                throw new InvalidOperationException($"The demo bundle {name} was not stored ({refusal.ErrorCode}: {refusal.Description}).");
            }
        }
    }
}
