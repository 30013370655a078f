namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>
/// The YAML key of an inventory document property: its name in camelCase (<c>IdentityFile</c> → <c>identityFile</c>).
/// One home for the rule: the binder reads keys with it, and messages that name a key write it from the document
/// property (<c>InventoryKeys.Of(nameof(NodeDocument.Init))</c>), so a message never names a C# property or a key the
/// inventory lacks.
/// </summary>
internal static class InventoryKeys
{
    /// <summary>The YAML key of <paramref name="property"/>.</summary>
    /// <param name="property">A document property name (use <c>nameof</c>).</param>
    public static string Of(string property) => char.ToLowerInvariant(property[0]) + property[1..];
}
