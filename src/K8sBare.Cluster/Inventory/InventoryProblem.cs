namespace K8sBare.Cluster.Inventory;

/// <summary>One problem found while reading an inventory, in the inventory's own words.</summary>
/// <param name="Path">The key path, e.g. <c>nodes[1].ssh.port</c> (<c>(root)</c> for the document itself).</param>
/// <param name="Line">The 1-based line in the file (0 when the problem has no single place).</param>
/// <param name="Column">The 1-based column (0 when unknown).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
/// <param name="Code">The rule, one of <see cref="Validation.ProblemCodes"/>.</param>
public sealed record InventoryProblem(string Path, int Line, int Column, string Message, string Fix, string Code)
{
    /// <summary>"path: line L, column C: message Fix: fix".</summary>
    public override string ToString() =>
        Line > 0 ? $"{Path}: line {Line}, column {Column}: {Message} Fix: {Fix}" : $"{Path}: {Message} Fix: {Fix}";
}
