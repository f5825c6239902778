namespace Trellis.Actions.Launch;

/// <summary>Fixed values of launch planning (docs/reference/launches.md#url-tokens, docs/reference/launches.md).</summary>
public static class LaunchDefaults
{
    /// <summary>The random bytes in a dialog or panel instance id: 128 bits, written as 22 base64url characters.</summary>
    public const int InstanceIdBytes = 16;

    /// <summary>The length of a generated instance id.</summary>
    public const int InstanceIdLength = 22;
}
