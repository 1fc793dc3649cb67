using System.Runtime.InteropServices;

namespace FemtoScas.Reports;

/// <summary>
/// Puts an evidence file into a second place of the results folder (Allure's attachments) without a
/// second copy of its octets: a hard link (link(2)), so the folder holds each capture once on disk.
/// The manifest still lists both names (a hard link is a regular file; a symbolic link would be refused
/// by the seal), and a change to one is a change to both, named by <c>verify</c> twice. Where no hard
/// link can be made (another file system, not Linux) the file is copied, as before.
/// </summary>
internal static partial class EvidenceLink
{
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string oldPath, string newPath);

    /// <summary>True when <paramref name="destination"/> became a hard link to <paramref name="source"/>, false when it was copied.</summary>
    public static bool LinkOrCopy(string source, string destination)
    {
        if (File.Exists(destination)) File.Delete(destination);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (Link(source, destination) == 0) return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No libc to ask: copy.
            }
        }
        File.Copy(source, destination, overwrite: true);
        return false;
    }
}
