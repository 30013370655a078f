using System.Security.Cryptography;
using System.Text;

namespace K8sBare.Pki.Pem;

/// <summary>One decoded PEM block: its label (<c>CERTIFICATE</c>, <c>PRIVATE KEY</c>, …) and DER bytes.</summary>
/// <param name="Label">The label between <c>-----BEGIN </c> and <c>-----</c>.</param>
/// <param name="Der">The base64-decoded content.</param>
public sealed record PemBlock(string Label, byte[] Der)
{
    /// <summary>Encodes the block as PEM text with LF line endings and a trailing newline.</summary>
    public string ToPem() => new string(PemEncoding.Write(Label, Der)) + "\n";

    /// <summary>
    /// Decodes every PEM block in <paramref name="text"/> in order. Text between blocks is ignored.
    /// Throws <see cref="PkiException"/> naming <paramref name="source"/> when no block is found or a block is corrupt.
    /// </summary>
    /// <param name="text">PEM text (one or more blocks).</param>
    /// <param name="source">Where the text came from (a file path or a description) for error messages.</param>
    public static IReadOnlyList<PemBlock> ParseAll(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<PemBlock>();
        var rest = text.AsSpan();
        while (true)
        {
            if (!PemEncoding.TryFind(rest, out var fields))
            {
                if (blocks.Count == 0 && rest.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
                    throw new PkiException($"{source}: malformed PEM: a '-----BEGIN' line has no matching '-----END' line or the base64 body is invalid. Re-export the file.");
                break;
            }
            var label = rest[fields.Label].ToString();
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out var written))
                throw new PkiException($"{source}: malformed PEM block '{label}': the base64 body does not decode.");
            blocks.Add(new PemBlock(label, written == der.Length ? der : der[..written]));
            rest = rest[fields.Location.End..];
        }
        if (blocks.Count == 0)
            throw new PkiException($"{source}: not PEM: no '-----BEGIN …-----' block found (expected PEM text, not DER or an empty file).");
        return blocks;
    }

    /// <summary>Concatenates blocks as PEM text.</summary>
    /// <param name="blocks">The blocks in output order (e.g. a leaf then its CA for a chain file).</param>
    /// <returns>Each block's <see cref="ToPem"/> one after another (LF endings); empty text for no blocks.</returns>
    public static string Join(IEnumerable<PemBlock> blocks)
    {
        var sb = new StringBuilder();
        foreach (var b in blocks) sb.Append(b.ToPem());
        return sb.ToString();
    }
}
