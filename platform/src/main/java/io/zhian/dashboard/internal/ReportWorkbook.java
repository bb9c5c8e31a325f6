package io.zhian.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * A report's tables as an Excel workbook: 计分卡 (the scorecard), 各乡镇 (a city's townships), 月度趋势 (the key
 * figures month by month) and 设备分类在线率. Each sheet has a title row, a line saying what it is, then a header row
 * ({@link #HEADER_ROW}) and one row per figure or region; numbers stay numbers, a missing figure is an empty cell.
 */
@Component
class ReportWorkbook {

    /** The index of each sheet's header row (title, description and a blank line come first). */
    static final int HEADER_ROW = 3;
    static final String SCORECARD = "计分卡";
    static final String TOWNSHIPS = "各乡镇";
    static final String TRENDS = "月度趋势";
    static final String DEVICE_KINDS = "设备分类在线率";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ReportGenerator.ZONE);

    private record Styles(CellStyle title, CellStyle note, CellStyle header, CellStyle text, CellStyle decimal, CellStyle integer,
                          CellStyle good, CellStyle bad) {}

    byte[] render(ReportContent c) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles s = styles(wb);
            scorecard(wb.createSheet(SCORECARD), c, s);
            if (c.city()) {
                townships(wb.createSheet(TOWNSHIPS), c, s);
            }
            trends(wb.createSheet(TRENDS), c, s);
            if (!c.deviceKinds().isEmpty()) {
                deviceKinds(wb.createSheet(DEVICE_KINDS), c, s);
            }
            wb.getProperties().getCoreProperties().setTitle(ReportPdf.title(c));
            wb.getProperties().getCoreProperties().setCreator(c.generatedBy());
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void scorecard(Sheet sheet, ReportContent c, Styles s) {
        List<String> headers = List.of("指标代码", "指标", "单位", "本期", "目标", "达标", "上期", "环比变化", "去年同期", "同比变化",
                "同比增幅(%)");
        intro(sheet, c, s, headers.size(), "计分卡：本期、目标、上期（" + (c.period().kind() == ReportPeriod.Kind.YEAR ? "上一年度" : "上月")
                + "）与去年同期；同比变化 = 本期 − 去年同期，比率类指标单位为百分点");
        header(sheet, headers, s);
        int r = HEADER_ROW + 1;
        for (ReportContent.Figure x : c.scorecard()) {
            Row row = sheet.createRow(r++);
            text(row, 0, x.code(), s.text);
            text(row, 1, x.label(), s.text);
            text(row, 2, x.unit(), s.text);
            number(row, 3, x.value(), x.count(), s);
            number(row, 4, x.target(), x.count(), s);
            Boolean met = x.met();
            text(row, 5, met == null ? "" : met ? "达标" : "未达标", met == null ? s.text : met ? s.good : s.bad);
            number(row, 6, x.previous(), x.count(), s);
            number(row, 7, x.change(), x.count(), s);
            number(row, 8, x.lastYear(), x.count(), s);
            number(row, 9, x.yearOnYear(), x.count(), s);
            number(row, 10, x.yearOnYearPercent(), false, s);
        }
        widths(sheet, 30, 22, 7, 11, 11, 8, 11, 11, 11, 11, 12);
        sheet.createFreezePane(2, HEADER_ROW + 1);
    }

    private static void townships(Sheet sheet, ReportContent c, Styles s) {
        List<ReportContent.Figure> figures = c.scorecard();
        int columns = figures.size() + 2;
        intro(sheet, c, s, Math.min(columns, 8), "各乡镇（街道）本期指标，每个乡镇含其下全部村（社区）");
        Row head = sheet.createRow(HEADER_ROW);
        text(head, 0, "乡镇（街道）", s.header);
        text(head, 1, "区划代码", s.header);
        for (int i = 0; i < figures.size(); i++) {
            ReportContent.Figure x = figures.get(i);
            text(head, i + 2, x.label() + (x.unit().isBlank() ? "" : "(" + x.unit() + ")"), s.header);
        }
        int r = HEADER_ROW + 1;
        Row city = sheet.createRow(r++);
        text(city, 0, c.regionName() + "（全域）", s.text);
        text(city, 1, c.regionCode(), s.text);
        for (int i = 0; i < figures.size(); i++) {
            number(city, i + 2, figures.get(i).value(), figures.get(i).count(), s);
        }
        for (ReportContent.Area a : c.areas()) {
            Row row = sheet.createRow(r++);
            text(row, 0, a.name(), s.text);
            text(row, 1, a.code(), s.text);
            for (int i = 0; i < figures.size(); i++) {
                number(row, i + 2, a.values().get(figures.get(i).code()), figures.get(i).count(), s);
            }
        }
        sheet.setColumnWidth(0, 18 * 256);
        sheet.setColumnWidth(1, 15 * 256);
        for (int i = 0; i < figures.size(); i++) {
            sheet.setColumnWidth(i + 2, 14 * 256);
        }
        sheet.createFreezePane(1, HEADER_ROW + 1);
    }

    private static void trends(Sheet sheet, ReportContent c, Styles s) {
        int months = c.trends().isEmpty() ? 0 : c.trends().get(0).months().size();
        intro(sheet, c, s, Math.max(months + 3, 4), "主要指标逐月数值（" + c.regionName() + "），空白为无数据");
        Row head = sheet.createRow(HEADER_ROW);
        text(head, 0, "指标代码", s.header);
        text(head, 1, "指标", s.header);
        text(head, 2, "单位", s.header);
        if (!c.trends().isEmpty()) {
            for (int i = 0; i < months; i++) {
                text(head, i + 3, c.trends().get(0).months().get(i).toString(), s.header);
            }
        }
        int r = HEADER_ROW + 1;
        for (ReportContent.Trend t : c.trends()) {
            Row row = sheet.createRow(r++);
            text(row, 0, t.code(), s.text);
            text(row, 1, t.label(), s.text);
            text(row, 2, t.unit(), s.text);
            for (int i = 0; i < t.values().size(); i++) {
                number(row, i + 3, t.values().get(i), t.count(), s);
            }
        }
        sheet.setColumnWidth(0, 26 * 256);
        sheet.setColumnWidth(1, 16 * 256);
        sheet.setColumnWidth(2, 7 * 256);
        for (int i = 0; i < months; i++) {
            sheet.setColumnWidth(i + 3, 10 * 256);
        }
    }

    private static void deviceKinds(Sheet sheet, ReportContent c, Styles s) {
        List<String> headers = List.of("指标代码", "设备类型", "单位", "本期", "目标", "上期", "环比变化");
        intro(sheet, c, s, headers.size(), "各类设备在线率（" + c.regionName() + "）");
        header(sheet, headers, s);
        int r = HEADER_ROW + 1;
        for (ReportContent.Figure x : c.deviceKinds()) {
            Row row = sheet.createRow(r++);
            text(row, 0, x.code(), s.text);
            text(row, 1, x.label(), s.text);
            text(row, 2, x.unit(), s.text);
            number(row, 3, x.value(), x.count(), s);
            number(row, 4, x.target(), x.count(), s);
            number(row, 5, x.previous(), x.count(), s);
            number(row, 6, x.change(), x.count(), s);
        }
        widths(sheet, 32, 18, 7, 11, 11, 11, 11);
    }

    // ---- cells ----

    private static void intro(Sheet sheet, ReportContent c, Styles s, int span, String description) {
        Row title = sheet.createRow(0);
        title.setHeightInPoints(24);
        text(title, 0, ReportPdf.title(c), s.title);
        Row note = sheet.createRow(1);
        text(note, 0, description + "。生成时间 " + STAMP.format(c.generatedAt()) + "（北京时间），生成人 " + c.generatedBy(), s.note);
        if (span > 1) {
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, span - 1));
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, span - 1));
        }
    }

    private static void header(Sheet sheet, List<String> headers, Styles s) {
        Row row = sheet.createRow(HEADER_ROW);
        for (int i = 0; i < headers.size(); i++) {
            text(row, i, headers.get(i), s.header);
        }
    }

    private static void text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value == null ? "" : value);
        cell.setCellStyle(style);
    }

    private static void number(Row row, int column, Double value, boolean count, Styles s) {
        Cell cell = row.createCell(column);
        cell.setCellStyle(count ? s.integer : s.decimal);
        if (value != null) {
            cell.setCellValue(value);
        }
    }

    private static void widths(Sheet sheet, int... chars) {
        for (int i = 0; i < chars.length; i++) {
            sheet.setColumnWidth(i, chars[i] * 256);
        }
    }

    private static Styles styles(XSSFWorkbook wb) {
        Font titleFont = wb.createFont();
        titleFont.setBold(true);
        titleFont.setFontHeightInPoints((short) 14);
        CellStyle title = wb.createCellStyle();
        title.setFont(titleFont);

        Font noteFont = wb.createFont();
        noteFont.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
        noteFont.setFontHeightInPoints((short) 9);
        CellStyle note = wb.createCellStyle();
        note.setFont(noteFont);

        Font headFont = wb.createFont();
        headFont.setBold(true);
        headFont.setColor(IndexedColors.WHITE.getIndex());
        CellStyle header = wb.createCellStyle();
        header.setFont(headFont);
        header.setFillForegroundColor(IndexedColors.DARK_BLUE.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        header.setWrapText(true);

        CellStyle text = bordered(wb);
        CellStyle decimal = bordered(wb);
        decimal.setDataFormat(wb.createDataFormat().getFormat("#,##0.0#"));
        CellStyle integer = bordered(wb);
        integer.setDataFormat(wb.createDataFormat().getFormat("#,##0"));

        Font goodFont = wb.createFont();
        goodFont.setColor(IndexedColors.GREEN.getIndex());
        CellStyle good = bordered(wb);
        good.setFont(goodFont);
        Font badFont = wb.createFont();
        badFont.setColor(IndexedColors.RED.getIndex());
        CellStyle bad = bordered(wb);
        bad.setFont(badFont);
        return new Styles(title, note, header, text, decimal, integer, good, bad);
    }

    private static CellStyle bordered(XSSFWorkbook wb) {
        CellStyle style = wb.createCellStyle();
        style.setBorderBottom(BorderStyle.THIN);
        style.setBottomBorderColor(IndexedColors.GREY_25_PERCENT.getIndex());
        return style;
    }
}
