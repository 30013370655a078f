// The tests drive Linux tools (systemd-analyze, containerd, etcd, shellcheck).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
