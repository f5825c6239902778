namespace Trellis.Actions.Launch;

/// <summary>Fixed values of launch planning (SPEC.md §4.1, §5).</summary>
public static class LaunchDefaults
{
    /// <summary>The random bytes in a dialog or panel instance id: 128 bits, written as 22 base64url characters.</summary>
    public const int InstanceIdBytes = 16;

    /// <summary>The length of a generated instance id.</summary>
    public const int InstanceIdLength = 22;
}
