namespace K8sBare.Pki.Kubeconfig;

/// <summary>
/// go-yaml v2's map key order (<c>keyList.Less</c>), which kubectl's output follows: rune by rune, a non-letter sorts
/// before a letter, digit runs compare numerically, and a prefix sorts first.
/// </summary>
internal static class GoYamlKeyOrder
{
    public static int Compare(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length)
        {
            char x = a[i], y = b[i];
            if (x == y) { i++; continue; }
            var xl = char.IsLetter(x);
            var yl = char.IsLetter(y);
            if (xl && yl) return x.CompareTo(y);
            if (xl || yl) return yl ? -1 : 1;
            if (char.IsAsciiDigit(x) && char.IsAsciiDigit(y))
            {
                int ea = i, eb = i;
                while (ea < a.Length && char.IsAsciiDigit(a[ea])) ea++;
                while (eb < b.Length && char.IsAsciiDigit(b[eb])) eb++;
                var na = a[i..ea].TrimStart('0');
                var nb = b[i..eb].TrimStart('0');
                if (na.Length != nb.Length) return na.Length.CompareTo(nb.Length);
                var c = string.CompareOrdinal(na, nb);
                if (c != 0) return c;
            }
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }
}
