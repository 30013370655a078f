using System.Runtime.InteropServices;

namespace K8sBare.Testing.Testbed;

/// <summary>The few libc calls the testbed needs.</summary>
internal static class Native
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    internal static extern int kill(int pid, int sig);
}
