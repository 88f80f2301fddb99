namespace VolunteerGrid.Shared.Protocol;

/// <summary>
/// The rule for file names on the wire: a plain name that cannot leave the folder it is written
/// into (no separators, no "." or "..", no control or shell-special characters).
/// </summary>
/// <remarks>Work units apply the same rule through <c>VolunteerGrid.WorkUnits.Contract.UnitFileNames</c>.</remarks>
public static class PlainFileName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>Whether <paramref name="name"/> is a plain file name.</summary>
    public static bool IsValid(string? name) => Explain(name) is null;

    /// <summary>Why <paramref name="name"/> is not a plain file name, or null when it is.</summary>
    public static string? Explain(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "a file name is required";
        if (name.Length > MaxLength)
            return $"file name is {name.Length} characters long; use at most {MaxLength}";
        if (name is "." or "..")
            return $"'{name}' is not a file name";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                return $"file name '{name}' contains '{Printable(c)}'; use letters, digits, '.', '_' and '-' only";
        }
        return null;
    }

    /// <summary>
    /// Why <paramref name="path"/> is not a relative path of plain names joined by '/' (a product
    /// such as <c>masters/bias.fits</c>), or null when it is. It can never leave its root folder.
    /// </summary>
    public static string? ExplainRelativePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "a file name is required";
        if (path.Length > MaxLength)
            return $"path is {path.Length} characters long; use at most {MaxLength}";
        foreach (var segment in path.Split('/'))
        {
            if (Explain(segment) is { } problem)
                return $"path '{path}': {problem}";
        }
        return null;
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
