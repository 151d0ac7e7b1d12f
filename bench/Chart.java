import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the concurrency curve of bench/run-validation.sh as a PNG (no plotting package needed):
 * requests/s of each series against connections on a log2 axis.
 *
 *   java bench/Chart.java DATA.tsv OUT.png
 *
 * DATA.tsv: a header "connections<TAB>series1<TAB>series2..." then one row per connection count.
 */
public class Chart {

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String[] names = lines.get(0).split("\t");
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Double.parseDouble(cells[i]);
            }
            rows.add(row);
        }
        int w = 900, h = 540, left = 90, right = 30, top = 50, bottom = 70;
        double maxX = Math.log(rows.get(rows.size() - 1)[0]) / Math.log(2);
        double maxY = 0;
        for (double[] r : rows) {
            for (int i = 1; i < r.length; i++) {
                maxY = Math.max(maxY, r[i]);
            }
        }
        maxY = Math.ceil(maxY * 1.1 / 1000) * 1000;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Requests/s by concurrent connections (wrk, one run)", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, h - bottom, w - right, h - bottom);
        g.drawLine(left, top, left, h - bottom);
        for (double[] r : rows) {
            int x = x(r[0], maxX, left, w - right);
            g.drawLine(x, h - bottom, x, h - bottom + 5);
            g.drawString(String.valueOf((int) r[0]), x - 8, h - bottom + 20);
        }
        g.drawString("connections", (w - left) / 2 + left - 30, h - 25);
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            int y = y(v, maxY, top, h - bottom);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, y, w - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%,d", (long) v), 10, y + 4);
        }
        Color[] colors = {new Color(0x0969da), new Color(0xcf222e), new Color(0x1a7f37), new Color(0x8250df)};
        g.setStroke(new BasicStroke(2.5f));
        for (int s = 1; s < names.length; s++) {
            g.setColor(colors[(s - 1) % colors.length]);
            for (int i = 1; i < rows.size(); i++) {
                double[] a = rows.get(i - 1), b = rows.get(i);
                g.drawLine(
                        x(a[0], maxX, left, w - right),
                        y(a[s], maxY, top, h - bottom),
                        x(b[0], maxX, left, w - right),
                        y(b[s], maxY, top, h - bottom));
            }
            g.fillRect(w - right - 230, top + 10 + 20 * s, 14, 4);
            g.drawString(names[s], w - right - 210, top + 16 + 20 * s);
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    static int x(double connections, double maxX, int from, int to) {
        double l = Math.log(connections) / Math.log(2);
        return from + (int) ((to - from) * (maxX == 0 ? 0 : l / maxX));
    }

    static int y(double value, double maxY, int from, int to) {
        return to - (int) ((to - from) * value / maxY);
    }
}
