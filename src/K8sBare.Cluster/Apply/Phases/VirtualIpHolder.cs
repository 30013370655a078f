using System.Net;

namespace K8sBare.Cluster.Apply;

/// <summary>Reads whether a host holds an address from its <c>ip -o addr show</c> output (iproute2's one-line form).</summary>
internal static class VirtualIpHolder
{
    /// <summary>
    /// True when a line of <paramref name="ipOneLineOutput"/> carries <paramref name="address"/> as an <c>inet</c> or
    /// <c>inet6</c> address (for example <c>2: eth0    inet 10.0.1.100/24 scope global secondary eth0</c>), compared as
    /// addresses (not text: <c>10.0.1.10</c> is not held by a host with <c>10.0.1.100</c>).
    /// </summary>
    public static bool Holds(string ipOneLineOutput, string address)
    {
        if (!IPAddress.TryParse(address, out var wanted)) return false;
        foreach (var line in ipOneLineOutput.Split('\n'))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (words[i] is not ("inet" or "inet6")) continue;
                var slash = words[i + 1].IndexOf('/', StringComparison.Ordinal);
                var text = slash < 0 ? words[i + 1] : words[i + 1][..slash];
                if (IPAddress.TryParse(text, out var held) && held.Equals(wanted)) return true;
            }
        }

        return false;
    }
}
