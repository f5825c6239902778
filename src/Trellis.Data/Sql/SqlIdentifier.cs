namespace Trellis.Data.Sql;

/// <summary>Guards the names that go into SQL text: aliases and field names are plain identifiers or nothing.</summary>
internal static class SqlIdentifier
{
    public static string Checked(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var valid = (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return valid ? name : throw new ArgumentException($"'{name}' is not a plain identifier.", nameof(name));
    }
}
