namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>How a form field is edited (sent as its name).</summary>
public enum FormFieldType
{
    Number = 0,
    Integer = 1,
    Text = 2,
    Boolean = 3,
    Select = 4,
}
