using System.Buffers.Text;
using System.Security.Cryptography;

namespace Trellis.Actions.Launch;

/// <summary>Generates dialog and panel instance ids: 128 random bits as 22 base64url characters (docs/reference/launches.md#url-tokens).</summary>
internal static class InstanceIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[LaunchDefaults.InstanceIdBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
