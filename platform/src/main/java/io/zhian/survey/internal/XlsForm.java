package io.zhian.survey.internal;

import io.zhian.shared.FieldProblem;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Reads an XLSForm-style workbook: a {@code survey} sheet (type, name, label, required, relevant) and a
 * {@code choices} sheet (list_name, name, label). Types: {@code select_one L}, {@code select_multiple L},
 * {@code scale5 L} (a five-level scale, levels best first), {@code text}, {@code integer}, {@code decimal}.
 * Every bad row is reported as "sheet row N: column" with the reason.
 */
final class XlsForm {

    private XlsForm() {}

    static List<Question> read(InputStream in, List<FieldProblem> problems) {
        DataFormatter fmt = new DataFormatter(Locale.ROOT);
        try (Workbook wb = WorkbookFactory.create(in)) {
            Sheet survey = wb.getSheet("survey");
            Sheet choiceSheet = wb.getSheet("choices");
            if (survey == null) {
                problems.add(new FieldProblem("file", "the workbook has no sheet named 'survey'"));
                return List.of();
            }
            Map<String, List<Question.Choice>> lists = new HashMap<>();
            if (choiceSheet != null) {
                Map<String, Integer> h = header(choiceSheet, fmt);
                Integer listCol = h.containsKey("list_name") ? h.get("list_name") : h.get("list name");
                for (String col : new String[] {"name", "label"}) {
                    if (!h.containsKey(col)) {
                        problems.add(new FieldProblem("choices row 1: " + col, "column is missing"));
                    }
                }
                if (listCol == null) {
                    problems.add(new FieldProblem("choices row 1: list_name", "column is missing"));
                }
                if (problems.isEmpty()) {
                    for (int r = 1; r <= choiceSheet.getLastRowNum(); r++) {
                        Row row = choiceSheet.getRow(r);
                        String list = cell(row, listCol, fmt);
                        String name = cell(row, h.get("name"), fmt);
                        String label = cell(row, h.get("label"), fmt);
                        if (list.isEmpty() && name.isEmpty() && label.isEmpty()) {
                            continue;
                        }
                        String at = "choices row " + (r + 1) + ": ";
                        if (list.isEmpty()) {
                            problems.add(new FieldProblem(at + "list_name", "is required"));
                        } else if (name.isEmpty()) {
                            problems.add(new FieldProblem(at + "name", "is required"));
                        } else if (label.isEmpty()) {
                            problems.add(new FieldProblem(at + "label", "is required"));
                        } else {
                            lists.computeIfAbsent(list, k -> new ArrayList<>()).add(new Question.Choice(name, label));
                        }
                    }
                }
            }
            Map<String, Integer> h = header(survey, fmt);
            for (String col : new String[] {"type", "name", "label"}) {
                if (!h.containsKey(col)) {
                    problems.add(new FieldProblem("survey row 1: " + col, "column is missing"));
                }
            }
            if (!problems.isEmpty()) {
                return List.of();
            }
            List<Question> questions = new ArrayList<>();
            for (int r = 1; r <= survey.getLastRowNum(); r++) {
                Row row = survey.getRow(r);
                String type = cell(row, h.get("type"), fmt);
                String name = cell(row, h.get("name"), fmt);
                String label = cell(row, h.get("label"), fmt);
                String required = cell(row, h.get("required"), fmt);
                String relevant = cell(row, h.get("relevant"), fmt);
                if (type.isEmpty() && name.isEmpty() && label.isEmpty()) {
                    continue;
                }
                String at = "survey row " + (r + 1) + ": ";
                List<FieldProblem> rowProblems = new ArrayList<>();
                String[] parts = type.strip().split("\\s+");
                QuestionType qt = switch (parts[0].toLowerCase(Locale.ROOT)) {
                    case "select_one" -> QuestionType.SINGLE;
                    case "select_multiple" -> QuestionType.MULTIPLE;
                    case "scale5" -> QuestionType.SCALE5;
                    case "text" -> QuestionType.TEXT;
                    case "integer", "decimal" -> QuestionType.NUMBER;
                    default -> null;
                };
                List<Question.Choice> choices = List.of();
                if (qt == null) {
                    rowProblems.add(new FieldProblem(at + "type", type.isEmpty() ? "is required"
                            : "'" + type + "' is not one of select_one L, select_multiple L, scale5 L, text, integer, decimal"));
                } else if (qt.hasChoices()) {
                    if (parts.length != 2) {
                        rowProblems.add(new FieldProblem(at + "type", "'" + type + "' needs the name of a choice list"));
                    } else if (!lists.containsKey(parts[1])) {
                        rowProblems.add(new FieldProblem(at + "type", "choice list '" + parts[1] + "' is not on the choices sheet"));
                    } else {
                        choices = lists.get(parts[1]);
                    }
                } else if (parts.length > 1) {
                    rowProblems.add(new FieldProblem(at + "type", "'" + parts[0] + "' takes no choice list"));
                }
                Boolean req = switch (required.strip().toLowerCase(Locale.ROOT)) {
                    case "", "no", "false", "0", "false()" -> false;
                    case "yes", "true", "1", "true()" -> true;
                    default -> null;
                };
                if (req == null) {
                    rowProblems.add(new FieldProblem(at + "required", "'" + required + "' is not yes or no"));
                }
                if (rowProblems.isEmpty()) {
                    Question q = new Question(name, qt, label, req, relevant, choices);
                    for (FieldProblem p : FormRules.check(q, questions, at)) {
                        rowProblems.add(p);
                    }
                    if (rowProblems.isEmpty()) {
                        questions.add(q);
                    }
                }
                problems.addAll(rowProblems);
            }
            if (questions.isEmpty() && problems.isEmpty()) {
                problems.add(new FieldProblem("survey", "the sheet has no questions"));
            }
            return questions;
        } catch (Exception e) {
            problems.add(new FieldProblem("file", "is not a readable xlsx workbook"));
            return List.of();
        }
    }

    private static Map<String, Integer> header(Sheet sheet, DataFormatter fmt) {
        Map<String, Integer> cols = new LinkedHashMap<>();
        Row row = sheet.getRow(0);
        if (row == null) {
            return cols;
        }
        for (int c = 0; c < row.getLastCellNum(); c++) {
            String name = cell(row, c, fmt).toLowerCase(Locale.ROOT);
            // label::Chinese (zh) and similar language columns: the first one is the label
            if (name.startsWith("label")) {
                name = "label";
            }
            cols.putIfAbsent(name, c);
        }
        return cols;
    }

    private static String cell(Row row, Integer col, DataFormatter fmt) {
        if (row == null || col == null || col < 0) {
            return "";
        }
        var cell = row.getCell(col);
        return cell == null ? "" : fmt.formatCellValue(cell).strip();
    }
}
