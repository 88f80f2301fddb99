namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>An OpenCL call failed: names the call and the CL error (e.g. "clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE").</summary>
public sealed class OpenClException : Exception
{
    public OpenClException(string call, int errorCode, string? detail = null)
        : base($"{call} failed: {ClErrorNames.Of(errorCode)} ({errorCode}){(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}")
    {
        Call = call;
        ErrorCode = errorCode;
    }

    /// <summary>The OpenCL function that failed, e.g. <c>clCreateBuffer</c>.</summary>
    public string Call { get; }

    /// <summary>The raw CL error code (negative).</summary>
    public int ErrorCode { get; }

    /// <summary>The CL error's name, e.g. <c>CL_OUT_OF_RESOURCES</c>.</summary>
    public string ErrorName => ClErrorNames.Of(ErrorCode);

    internal static void ThrowIfFailed(int code, string call)
    {
        if (code != ClNative.Success)
            throw new OpenClException(call, code);
    }
}
