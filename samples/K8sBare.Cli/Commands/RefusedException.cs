namespace K8sBare.Cli.Commands;

/// <summary>A verb's refusal of its input before anything is read from or written to a host (exit code <see cref="ExitCodes.Refused"/>).</summary>
/// <param name="message">What is wrong and how to fix it.</param>
internal sealed class RefusedException(string message) : Exception(message);
