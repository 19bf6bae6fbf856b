namespace LnRelay.Orchestrator.Web;

/// <summary>
/// Deterministic node positions for the network map: a circle up to
/// <see cref="CircleLimit"/> nodes (first node at the top, clockwise in network.json's order),
/// else a force layout (Fruchterman–Reingold) from a fixed seed, so the same network always
/// draws the same picture, for a person and for a test.
/// </summary>
internal static class MapLayout
{
    public const int Width = 720;
    public const int Height = 460;
    public const int Margin = 60;
    public const int CircleLimit = 12;
    private const int Seed = 20261204;
    private const int Iterations = 300;

    public static IReadOnlyList<(double X, double Y)> Place(int count, IReadOnlyList<(int A, int B)> edges)
    {
        if (count == 0)
        {
            return [];
        }

        return count <= CircleLimit ? Circle(count) : Force(count, edges);
    }

    private static List<(double X, double Y)> Circle(int count)
    {
        var radius = (Math.Min(Width, Height) / 2.0) - Margin;
        return Enumerable.Range(0, count)
            .Select(i => (-Math.PI / 2) + (2 * Math.PI * i / count))
            .Select(a => (Round((Width / 2.0) + (radius * Math.Cos(a))), Round((Height / 2.0) + (radius * Math.Sin(a)))))
            .ToList();
    }

    private static List<(double X, double Y)> Force(int count, IReadOnlyList<(int A, int B)> edges)
    {
        var random = new Random(Seed);
        var x = new double[count];
        var y = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = Margin + (random.NextDouble() * (Width - (2 * Margin)));
            y[i] = Margin + (random.NextDouble() * (Height - (2 * Margin)));
        }

        var k = Math.Sqrt((Width - (2.0 * Margin)) * (Height - (2.0 * Margin)) / count);
        var temperature = Width / 10.0;
        for (var step = 0; step < Iterations; step++)
        {
            var dx = new double[count];
            var dy = new double[count];
            for (var i = 0; i < count; i++)
            {
                for (var j = i + 1; j < count; j++)
                {
                    var (ux, uy, d) = Between(x, y, i, j);
                    var push = k * k / d;
                    dx[i] += ux * push;
                    dy[i] += uy * push;
                    dx[j] -= ux * push;
                    dy[j] -= uy * push;
                }
            }

            foreach (var (a, b) in edges)
            {
                var (ux, uy, d) = Between(x, y, a, b);
                var pull = d * d / k;
                dx[a] -= ux * pull;
                dy[a] -= uy * pull;
                dx[b] += ux * pull;
                dy[b] += uy * pull;
            }

            for (var i = 0; i < count; i++)
            {
                var length = Math.Max(Math.Sqrt((dx[i] * dx[i]) + (dy[i] * dy[i])), 1e-9);
                var move = Math.Min(length, temperature);
                x[i] += dx[i] / length * move;
                y[i] += dy[i] / length * move;
            }

            temperature *= 0.98;
        }

        return Fit(x, y);
    }

    /// <summary>Scales and moves the free layout into the drawing, inside the margins, keeping its shape.</summary>
    private static List<(double X, double Y)> Fit(double[] x, double[] y)
    {
        var (minX, maxX, minY, maxY) = (x.Min(), x.Max(), y.Min(), y.Max());
        var scale = Math.Min((Width - (2.0 * Margin)) / Math.Max(maxX - minX, 1e-9), (Height - (2.0 * Margin)) / Math.Max(maxY - minY, 1e-9));
        var offsetX = (Width - ((maxX - minX) * scale)) / 2;
        var offsetY = (Height - ((maxY - minY) * scale)) / 2;
        return Enumerable.Range(0, x.Length).Select(i => (Round(offsetX + ((x[i] - minX) * scale)), Round(offsetY + ((y[i] - minY) * scale)))).ToList();
    }

    /// <summary>Unit vector from j to i and their distance (never zero).</summary>
    private static (double Ux, double Uy, double D) Between(double[] x, double[] y, int i, int j)
    {
        var ddx = x[i] - x[j];
        var ddy = y[i] - y[j];
        var d = Math.Max(Math.Sqrt((ddx * ddx) + (ddy * ddy)), 0.01);
        return (ddx / d, ddy / d, d);
    }

    private static double Round(double v) => Math.Round(v, 1);
}
