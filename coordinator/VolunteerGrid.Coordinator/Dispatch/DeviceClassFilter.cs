namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Keeps from a host the kinds for which one of its device classes is excluded
/// (<see cref="Validation.DeviceClassRecord"/>). The agent runs a GPU-capable kind on its GPU, so a
/// host whose GPU class is excluded for a kind gets that kind again once it runs with <c>--gpu off</c>
/// (it then reports only its CPU class).
/// </summary>
/// <remarks>
/// The rule is a condition of the candidate query rather than a query of its own: it is checked
/// only for the few units a lease looks at, and a lease costs one statement less.
/// </remarks>
internal static class DeviceClassFilter
{
    /// <summary>Parameter names of the host's distinct device classes: @dc0, @dc1, ….</summary>
    public static string ParameterName(int index) => "@dc" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The condition on unit <c>u</c> for a host reporting <paramref name="classCount"/> distinct
    /// device classes (bound with <see cref="ParameterName"/>); empty when it reports none.
    /// </summary>
    public static string Condition(int classCount)
    {
        if (classCount == 0)
            return "";
        var classes = string.Join(',', Enumerable.Range(0, classCount).Select(ParameterName));
        return $"""
             AND NOT EXISTS (SELECT 1 FROM device_class_kinds d
                             WHERE d.kind = u.kind AND d.excluded_at IS NOT NULL AND d.device_class IN ({classes}))
            """;
    }
}
