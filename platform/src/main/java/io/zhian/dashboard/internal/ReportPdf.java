package io.zhian.dashboard.internal;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * A report as an A4 PDF: title, who made it and when, the scorecard, the monthly trends of key figures and, for a
 * city, its townships compared (bar chart and table). Charts are drawn with PDF vector operations. The Chinese font
 * (Noto Sans SC, OFL) comes from the classpath and is embedded as a subset, so the file reads the same anywhere.
 */
@Component
class ReportPdf {

    static final String FONT = "/fonts/NotoSansSC_400Regular.ttf";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ReportGenerator.ZONE);

    static final Color INK = new Color(0x1F, 0x29, 0x37);
    static final Color MUTED = new Color(0x6B, 0x72, 0x80);
    static final Color PRIMARY = new Color(0x1D, 0x4E, 0x89);
    static final Color STRIPE = new Color(0xF3, 0xF6, 0xFA);
    static final Color RULE = new Color(0xD5, 0xDB, 0xE3);
    static final Color GOOD = new Color(0x1B, 0x7F, 0x3B);
    static final Color BAD = new Color(0xC0, 0x39, 0x2B);
    static final Color BAR = new Color(0x3B, 0x7D, 0xD8);
    static final Color TARGET = new Color(0xE6, 0x7E, 0x22);

    /** The township table's columns: the first six of these on offer, then other scorecard figures. */
    private static final List<String> AREA_COLUMNS = List.of("alarms.count", "alarms.arrival-compliance-rate", "mediation.disputes",
            "mediation.success-rate", "survey.security-rate", "devices.online-rate");
    /** The figure of the township bar chart: the first of these with values. */
    private static final List<String> BAR_FIGURES = List.of("survey.security-rate", "devices.online-rate", "mediation.success-rate",
            "alarms.count");

    private volatile byte[] fontBytes;

    /** 示范市 2026年11月 平安建设月报 */
    static String title(ReportContent c) {
        return c.regionName() + " " + c.period().chinese() + " 平安建设" + (c.period().kind() == ReportPeriod.Kind.YEAR ? "年报" : "月报");
    }

    byte[] render(ReportContent c) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BaseFont base = BaseFont.createFont("NotoSansSC_400Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, font(), null);
            Fonts f = new Fonts(base);
            Document doc = new Document(PageSize.A4, 42, 42, 54, 48);
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setStrictImageSequence(true);
            writer.setPageEvent(new Frame(base, title(c)));
            doc.addTitle(title(c));
            doc.addAuthor(c.generatedBy());
            doc.addCreator("智安 Zhian");
            doc.open();

            Paragraph t = new Paragraph(title(c), f.title);
            t.setAlignment(Element.ALIGN_CENTER);
            t.setSpacingAfter(4);
            doc.add(t);
            Paragraph meta = new Paragraph("统计周期：" + c.period().from().atDay(1) + " 至 " + c.period().to().atEndOfMonth()
                    + "　　生成时间：" + STAMP.format(c.generatedAt()) + "（北京时间）　　生成人：" + c.generatedBy()
                    + (c.trigger() == ReportContent.Trigger.SCHEDULED ? "（定时生成）" : "（按需生成）"), f.muted);
            meta.setAlignment(Element.ALIGN_CENTER);
            meta.setSpacingAfter(10);
            doc.add(meta);
            doc.add(summary(c, f));

            doc.add(heading("一、主要指标计分卡", f));
            doc.add(scorecard(c, f));
            Paragraph note = new Paragraph("注：上期为" + (c.period().kind() == ReportPeriod.Kind.YEAR ? "上一年度" : "上月")
                    + "；同比为与去年同期相比，比率类指标为百分点之差，其余为增减幅度（去年同期为 0 时为增减数）；"
                    + "绿色为向好、红色为变差。目标取自考核方案，达标按指标方向判断（越高越好或越低越好）；“—”为无数据。", f.note);
            note.setSpacingBefore(4);
            doc.add(note);

            if (!c.trends().isEmpty()) {
                List<YearMonth> months = c.trends().get(0).months();
                // the heading goes with its first row of charts, not alone at the foot of a page
                if (writer.getVerticalPosition(true) - doc.bottom() < 200) {
                    doc.newPage();
                }
                doc.add(heading("二、月度趋势（" + chineseMonth(months.get(0)) + "—" + chineseMonth(months.get(months.size() - 1)) + "）", f));
                PdfPTable grid = new PdfPTable(2);
                grid.setWidthPercentage(100);
                PdfContentByte cb = writer.getDirectContent();
                for (ReportContent.Trend trend : c.trends()) {
                    PdfPCell cell = new PdfPCell(Image.getInstance(trendChart(cb, base, trend, 246, 150)), false);
                    cell.setBorder(Rectangle.NO_BORDER);
                    cell.setPadding(4);
                    grid.addCell(cell);
                }
                grid.completeRow();
                doc.add(grid);
            }
            if (c.city() && !c.areas().isEmpty()) {
                ReportContent.Figure bar = barFigure(c);
                if (bar != null) {
                    doc.add(heading("三、各乡镇" + bar.label() + "对比", f));
                    Image chart = Image.getInstance(barChart(writer.getDirectContent(), base, c, bar, 510));
                    chart.setAlignment(Element.ALIGN_CENTER);
                    doc.add(chart);
                }
                // the township table starts on a fresh page rather than with two rows at the foot of one
                if (writer.getVerticalPosition(true) - doc.bottom() < 220) {
                    doc.newPage();
                }
                doc.add(heading((bar != null ? "四" : "三") + "、各乡镇主要指标", f));
                doc.add(areaTable(c, f));
            }
            doc.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- text blocks ----

    private record Fonts(Font title, Font heading, Font body, Font bold, Font small, Font smallBold, Font head, Font muted,
                         Font note, Font good, Font bad) {
        Fonts(BaseFont b) {
            this(new Font(b, 18, Font.BOLD, INK), new Font(b, 12.5f, Font.BOLD, PRIMARY), new Font(b, 9.5f, Font.NORMAL, INK),
                    new Font(b, 9.5f, Font.BOLD, INK), new Font(b, 8.5f, Font.NORMAL, INK), new Font(b, 8.5f, Font.BOLD, INK),
                    new Font(b, 8.5f, Font.BOLD, Color.WHITE), new Font(b, 8.5f, Font.NORMAL, MUTED),
                    new Font(b, 7.5f, Font.NORMAL, MUTED), new Font(b, 8.5f, Font.NORMAL, GOOD), new Font(b, 8.5f, Font.NORMAL, BAD));
        }
    }

    private static Paragraph heading(String text, Fonts f) {
        Paragraph p = new Paragraph(text, f.heading);
        p.setSpacingBefore(12);
        p.setSpacingAfter(6);
        return p;
    }

    /** One sentence a reader takes away: how many targets are met, and what improved against last year. */
    private static Paragraph summary(ReportContent c, Fonts f) {
        long withTarget = c.scorecard().stream().filter(x -> x.met() != null).count();
        long met = c.scorecard().stream().filter(x -> Boolean.TRUE.equals(x.met())).count();
        long better = c.scorecard().stream().filter(x -> Boolean.TRUE.equals(x.improved())).count();
        long worse = c.scorecard().stream().filter(x -> Boolean.FALSE.equals(x.improved())).count();
        Phrase p = new Phrase();
        p.add(new Chunk("本期共统计 " + c.scorecard().size() + " 项指标；", f.body));
        if (withTarget > 0) {
            p.add(new Chunk("设有目标且有数据的 " + withTarget + " 项中 ", f.body));
            p.add(new Chunk("达标 " + met + " 项", new Font(f.bold.getBaseFont(), 9.5f, Font.BOLD, met == withTarget ? GOOD : INK)));
            p.add(new Chunk("、", f.body));
            p.add(new Chunk("未达标 " + (withTarget - met) + " 项", new Font(f.bold.getBaseFont(), 9.5f, Font.BOLD,
                    withTarget - met > 0 ? BAD : INK)));
            p.add(new Chunk("；", f.body));
        }
        p.add(new Chunk("与去年同期相比，向好 " + better + " 项，变差 " + worse + " 项。", f.body));
        Paragraph para = new Paragraph(p);
        para.setLeading(15);
        return para;
    }

    private static PdfPTable scorecard(ReportContent c, Fonts f) {
        PdfPTable table = new PdfPTable(new float[] {3.3f, 1.15f, 1.05f, 0.95f, 1.15f, 1.15f, 1.75f});
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        for (String h : new String[] {"指标", "本期", "目标", "达标", "上期", "去年同期", "同比"}) {
            table.addCell(headCell(h, f, h.equals("指标") ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT));
        }
        int row = 0;
        for (ReportContent.Figure x : c.scorecard()) {
            Color bg = row++ % 2 == 1 ? STRIPE : Color.WHITE;
            String unit = x.unit().isBlank() ? "" : "（" + x.unit() + "）";
            table.addCell(cell(new Phrase(x.label() + unit, f.body), bg, Element.ALIGN_LEFT));
            table.addCell(cell(new Phrase(number(x.value(), x.count()), f.bold), bg, Element.ALIGN_RIGHT));
            table.addCell(cell(new Phrase(number(x.target(), x.count()), f.small), bg, Element.ALIGN_RIGHT));
            Boolean met = x.met();
            table.addCell(cell(new Phrase(met == null ? "—" : met ? "✓ 达标" : "未达标", met == null ? f.muted : met ? f.good : f.bad),
                    bg, Element.ALIGN_RIGHT));
            table.addCell(cell(new Phrase(number(x.previous(), x.count()), f.small), bg, Element.ALIGN_RIGHT));
            table.addCell(cell(new Phrase(number(x.lastYear(), x.count()), f.small), bg, Element.ALIGN_RIGHT));
            Boolean improved = x.improved();
            table.addCell(cell(new Phrase(yearOnYear(x), improved == null ? f.muted : improved ? f.good : f.bad), bg, Element.ALIGN_RIGHT));
        }
        return table;
    }

    private static PdfPTable areaTable(ReportContent c, Fonts f) {
        List<ReportContent.Figure> columns = new ArrayList<>();
        for (String code : AREA_COLUMNS) {
            c.scorecard().stream().filter(x -> x.code().equals(code)).findFirst().ifPresent(columns::add);
        }
        for (ReportContent.Figure x : c.scorecard()) {
            if (columns.size() >= 6) {
                break;
            }
            if (!columns.contains(x)) {
                columns.add(x);
            }
        }
        float[] widths = new float[columns.size() + 1];
        widths[0] = 1.6f;
        for (int i = 1; i < widths.length; i++) {
            widths[i] = 1.2f;
        }
        PdfPTable table = new PdfPTable(widths);
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        table.addCell(headCell("乡镇（街道）", f, Element.ALIGN_LEFT));
        for (ReportContent.Figure x : columns) {
            table.addCell(headCell(x.label() + (x.unit().isBlank() ? "" : "\n（" + x.unit() + "）"), f, Element.ALIGN_RIGHT));
        }
        // the city itself first, then its townships
        table.addCell(cell(new Phrase(c.regionName() + "（全域）", f.smallBold), STRIPE, Element.ALIGN_LEFT));
        for (ReportContent.Figure x : columns) {
            table.addCell(cell(new Phrase(number(x.value(), x.count()), f.smallBold), STRIPE, Element.ALIGN_RIGHT));
        }
        int row = 0;
        for (ReportContent.Area a : c.areas()) {
            Color bg = row++ % 2 == 1 ? new Color(0xFA, 0xFB, 0xFC) : Color.WHITE;
            table.addCell(cell(new Phrase(a.name(), f.small), bg, Element.ALIGN_LEFT));
            for (ReportContent.Figure x : columns) {
                Double v = a.values().get(x.code());
                Font font = f.small;
                if (v != null && x.target() != null) {
                    boolean ok = x.higherIsBetter() ? v >= x.target() : v <= x.target();
                    font = ok ? f.small : f.bad;
                }
                table.addCell(cell(new Phrase(number(v, x.count()), font), bg, Element.ALIGN_RIGHT));
            }
        }
        return table;
    }

    private static PdfPCell headCell(String text, Fonts f, int align) {
        PdfPCell cell = new PdfPCell(new Phrase(text, f.head));
        cell.setBackgroundColor(PRIMARY);
        cell.setBorderColor(PRIMARY);
        cell.setHorizontalAlignment(align);
        cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
        cell.setPaddingTop(4);
        cell.setPaddingBottom(6);
        cell.setPaddingLeft(5);
        cell.setPaddingRight(5);
        return cell;
    }

    private static PdfPCell cell(Phrase phrase, Color background, int align) {
        PdfPCell cell = new PdfPCell(phrase);
        cell.setBackgroundColor(background);
        cell.setBorder(Rectangle.BOTTOM);
        cell.setBorderColor(RULE);
        cell.setBorderWidth(0.5f);
        cell.setHorizontalAlignment(align);
        cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
        cell.setPaddingTop(3);
        cell.setPaddingBottom(5);
        cell.setPaddingLeft(5);
        cell.setPaddingRight(5);
        return cell;
    }

    // ---- numbers ----

    static String number(Double v, boolean count) {
        if (v == null) {
            return "—";
        }
        // large amounts (yuan) read better grouped and whole
        return count || Math.abs(v) >= 10_000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** ↑1.2 个百分点, ↓12.5%, ↑3 (last year 0), 持平, or — without last year's figure. */
    static String yearOnYear(ReportContent.Figure x) {
        Double d = x.yearOnYear();
        if (d == null) {
            return "—";
        }
        if (Math.abs(d) < 0.05) {
            return "持平";
        }
        String arrow = d > 0 ? "↑" : "↓";
        if ("%".equals(x.unit())) {
            return arrow + String.format(Locale.ROOT, "%.1f", Math.abs(d)) + " 个百分点";
        }
        Double pct = x.yearOnYearPercent();
        if (pct != null) {
            return arrow + String.format(Locale.ROOT, "%.1f", Math.abs(pct)) + "%";
        }
        return arrow + number(Math.abs(d), x.count());
    }

    private static String chineseMonth(YearMonth m) {
        return m.getYear() + "年" + m.getMonthValue() + "月";
    }

    // ---- charts ----

    /** The bar chart's figure: the first preferred one with a value for some township. */
    private static ReportContent.Figure barFigure(ReportContent c) {
        for (String code : BAR_FIGURES) {
            for (ReportContent.Figure x : c.scorecard()) {
                if (x.code().equals(code) && c.areas().stream().anyMatch(a -> a.values().get(code) != null)) {
                    return x;
                }
            }
        }
        return c.scorecard().stream().filter(x -> c.areas().stream().anyMatch(a -> a.values().get(x.code()) != null))
                .findFirst().orElse(null);
    }

    /** A figure's twelve months: bars from zero for a count, a line on a fitted axis for a rate or score. */
    private static PdfTemplate trendChart(PdfContentByte cb, BaseFont font, ReportContent.Trend trend, float w, float h) {
        PdfTemplate t = cb.createTemplate(w, h);
        float left = 34, right = 8, top = 24, bottom = 20;
        float pw = w - left - right, ph = h - top - bottom;
        // frame
        t.setColorStroke(RULE);
        t.setLineWidth(0.6f);
        t.rectangle(0.3f, 0.3f, w - 0.6f, h - 0.6f);
        t.stroke();
        text(t, font, 8.5f, INK, trend.label() + (trend.unit().isBlank() ? "" : "（" + trend.unit() + "）"), 8, h - 15, Element.ALIGN_LEFT);

        List<Double> values = trend.values();
        List<Double> present = values.stream().filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            text(t, font, 8, MUTED, "无数据", w / 2, h / 2, Element.ALIGN_CENTER);
            return t;
        }
        double[] axis = axis(present, trend.count());
        double lo = axis[0], hi = axis[1], step = axis[2];
        // grid and y labels
        for (double v = lo; v <= hi + step / 1000; v += step) {
            float y = (float) (bottom + (v - lo) / (hi - lo) * ph);
            t.setColorStroke(v == lo ? MUTED : RULE);
            t.setLineWidth(v == lo ? 0.6f : 0.4f);
            t.moveTo(left, y);
            t.lineTo(left + pw, y);
            t.stroke();
            text(t, font, 6.5f, MUTED, tick(v, step), left - 3, y - 2.2f, Element.ALIGN_RIGHT);
        }
        int n = values.size();
        float slot = pw / n;
        for (int i = 0; i < n; i++) {
            float x = left + slot * i + slot / 2;
            text(t, font, 6.5f, MUTED, trend.months().get(i).getMonthValue() + "月", x, bottom - 10, Element.ALIGN_CENTER);
        }
        if (trend.count()) {
            for (int i = 0; i < n; i++) {
                Double v = values.get(i);
                if (v == null) {
                    continue;
                }
                float x = left + slot * i + slot * 0.18f;
                float bh = (float) ((v - lo) / (hi - lo) * ph);
                t.setColorFill(i == n - 1 ? PRIMARY : BAR);
                t.rectangle(x, bottom, slot * 0.64f, Math.max(bh, 0.5f));
                t.fill();
                text(t, font, 5.5f, INK, number(v, true), x + slot * 0.32f, bottom + bh + 2, Element.ALIGN_CENTER);
            }
        } else {
            t.setColorStroke(PRIMARY);
            t.setLineWidth(1.4f);
            boolean drawing = false;
            for (int i = 0; i < n; i++) {
                Double v = values.get(i);
                if (v == null) {
                    drawing = false;
                    continue;
                }
                float x = left + slot * i + slot / 2;
                float y = (float) (bottom + (v - lo) / (hi - lo) * ph);
                if (drawing) {
                    t.lineTo(x, y);
                } else {
                    t.moveTo(x, y);
                    drawing = true;
                }
            }
            t.stroke();
            for (int i = 0; i < n; i++) {
                Double v = values.get(i);
                if (v == null) {
                    continue;
                }
                float x = left + slot * i + slot / 2;
                float y = (float) (bottom + (v - lo) / (hi - lo) * ph);
                t.setColorFill(i == n - 1 ? PRIMARY : Color.WHITE);
                t.setColorStroke(PRIMARY);
                t.setLineWidth(1);
                t.circle(x, y, 2f);
                t.fillStroke();
            }
            Double last = values.get(n - 1);
            if (last != null) {
                text(t, font, 6.5f, PRIMARY, number(last, false), left + pw, h - 15, Element.ALIGN_RIGHT);
            }
        }
        return t;
    }

    /** Townships ranked by the figure, best first, with the target as a dashed line. */
    private static PdfTemplate barChart(PdfContentByte cb, BaseFont font, ReportContent c, ReportContent.Figure figure, float w) {
        List<ReportContent.Area> areas = new ArrayList<>(c.areas());
        Comparator<ReportContent.Area> byValue = Comparator.comparing(a -> a.values().get(figure.code()),
                Comparator.nullsLast(figure.higherIsBetter() ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()));
        areas.sort(byValue);
        float row = 13.5f, top = 14, bottom = 22, left = 78, right = 44;
        float h = top + bottom + row * areas.size();
        PdfTemplate t = cb.createTemplate(w, h);
        List<Double> present = new ArrayList<>(areas.stream().map(a -> a.values().get(figure.code())).filter(Objects::nonNull).toList());
        if (figure.target() != null) {
            present.add(figure.target());
        }
        double[] axis = axis(present, figure.count());
        double lo = axis[0], hi = axis[1], step = axis[2];
        float pw = w - left - right;
        float plotTop = h - top;
        for (double v = lo; v <= hi + step / 1000; v += step) {
            float x = (float) (left + (v - lo) / (hi - lo) * pw);
            t.setColorStroke(v == lo ? MUTED : RULE);
            t.setLineWidth(v == lo ? 0.6f : 0.4f);
            t.moveTo(x, bottom);
            t.lineTo(x, plotTop);
            t.stroke();
            text(t, font, 6.5f, MUTED, tick(v, step), x, bottom - 10, Element.ALIGN_CENTER);
        }
        text(t, font, 7, MUTED, figure.label() + (figure.unit().isBlank() ? "" : "（" + figure.unit() + "）")
                + (lo > 0 ? "，横轴自 " + tick(lo, step) + " 起" : "") + (figure.target() != null ? "；绿色为已达标，虚线为目标" : ""),
                left, plotTop + 4, Element.ALIGN_LEFT);
        // the target line under the bars, so that the value labels stay readable
        if (figure.target() != null && figure.target() >= lo && figure.target() <= hi) {
            float x = (float) (left + (figure.target() - lo) / (hi - lo) * pw);
            t.setColorStroke(TARGET);
            t.setLineWidth(1);
            t.setLineDash(3, 2, 0);
            t.moveTo(x, bottom);
            t.lineTo(x, plotTop);
            t.stroke();
            t.setLineDash(0);
            text(t, font, 7, TARGET, "目标 " + number(figure.target(), figure.count()), x, plotTop + 4, Element.ALIGN_CENTER);
        }
        for (int i = 0; i < areas.size(); i++) {
            ReportContent.Area a = areas.get(i);
            float y = plotTop - row * (i + 1);
            text(t, font, 7.5f, INK, a.name(), left - 5, y + row * 0.28f, Element.ALIGN_RIGHT);
            Double v = a.values().get(figure.code());
            if (v == null) {
                text(t, font, 6.5f, MUTED, "无数据", left + 3, y + row * 0.28f, Element.ALIGN_LEFT);
                continue;
            }
            float bw = (float) Math.max(0.5, (v - lo) / (hi - lo) * pw);
            boolean ok = figure.target() == null || (figure.higherIsBetter() ? v >= figure.target() : v <= figure.target());
            // blue, green where the target is reached; the dashed line shows how far the others are
            t.setColorFill(figure.target() != null && ok ? new Color(0x3E, 0xA8, 0x5F) : BAR);
            t.rectangle(left, y + row * 0.15f, bw, row * 0.7f);
            t.fill();
            String label = number(v, figure.count());
            t.setColorFill(Color.WHITE);
            t.rectangle(left + bw + 1.5f, y + row * 0.15f, font.getWidthPoint(label, 6.5f) + 3, row * 0.7f);
            t.fill();
            text(t, font, 6.5f, INK, label, left + bw + 3, y + row * 0.3f, Element.ALIGN_LEFT);
        }
        return t;
    }

    /**
     * A readable axis {lo, hi, step}: from zero for counts (and whenever zero is near), otherwise fitted round the
     * values so that differences between 92 % and 97 % are visible.
     */
    static double[] axis(List<Double> values, boolean fromZero) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (min > 0 && (fromZero || min < (max - min))) {
            min = 0;
        }
        if (max <= min) {
            max = min + 1;
        }
        double span = max - min;
        double lo = min == 0 ? 0 : min - span * 0.15;
        double hi = max + span * 0.08;
        double step = niceStep((hi - lo) / 4);
        lo = Math.floor(lo / step) * step;
        if (min >= 0 && lo < 0) {
            lo = 0;
        }
        hi = Math.ceil(hi / step) * step;
        return new double[] {lo, hi, step};
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String tick(double v, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void text(PdfContentByte t, BaseFont font, float size, Color color, String s, float x, float y, int align) {
        t.beginText();
        t.setFontAndSize(font, size);
        t.setColorFill(color);
        t.showTextAligned(align, s, x, y, 0);
        t.endText();
    }

    /** Running header and page numbers. */
    private static final class Frame extends PdfPageEventHelper {
        private final BaseFont font;
        private final String title;

        Frame(BaseFont font, String title) {
            this.font = font;
            this.title = title;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            PdfContentByte cb = writer.getDirectContent();
            Rectangle page = document.getPageSize();
            float left = document.leftMargin(), right = page.getWidth() - document.rightMargin();
            cb.setColorStroke(RULE);
            cb.setLineWidth(0.5f);
            cb.moveTo(left, page.getHeight() - 36);
            cb.lineTo(right, page.getHeight() - 36);
            cb.stroke();
            text(cb, font, 7.5f, MUTED, "智安 · 平安建设报告", left, page.getHeight() - 31, Element.ALIGN_LEFT);
            text(cb, font, 7.5f, MUTED, title, right, page.getHeight() - 31, Element.ALIGN_RIGHT);
            text(cb, font, 7.5f, MUTED, "第 " + writer.getPageNumber() + " 页", page.getWidth() / 2, 26, Element.ALIGN_CENTER);
        }
    }

    private byte[] font() throws IOException {
        byte[] f = fontBytes;
        if (f == null) {
            try (InputStream in = ReportPdf.class.getResourceAsStream(FONT)) {
                if (in == null) {
                    throw new IOException("font " + FONT + " is not on the classpath (the build fetches it: see cjk-font.url in pom.xml)");
                }
                f = in.readAllBytes();
                fontBytes = f;
            }
        }
        return f;
    }
}
