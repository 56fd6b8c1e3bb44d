//! Drafts as people hand them in: plain text, or a Word document (.docx) read with `docx-rs`, each
//! paragraph (of the body and of its tables) one line of text, so the lint's lines are the
//! document's paragraphs.

use docx_rs::{
    DocumentChild, InsertChild, Paragraph, ParagraphChild, RunChild, Table, TableCellContent,
    TableChild, TableRowChild,
};

/// Whether `bytes` look like a .docx (a ZIP archive).
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The text of a .docx, one line per paragraph; None when the bytes are no Word document.
pub fn docx_text(bytes: &[u8]) -> Option<String> {
    let document = docx_rs::read_docx(bytes).ok()?;
    let mut lines = Vec::new();
    for child in &document.document.children {
        match child {
            DocumentChild::Paragraph(paragraph) => lines.push(paragraph_text(paragraph)),
            DocumentChild::Table(table) => table_lines(table, &mut lines),
            _ => {}
        }
    }
    Some(lines.join("\n") + "\n")
}

fn table_lines(table: &Table, lines: &mut Vec<String>) {
    for TableChild::TableRow(row) in &table.rows {
        for TableRowChild::TableCell(cell) in &row.cells {
            for content in &cell.children {
                match content {
                    TableCellContent::Paragraph(paragraph) => lines.push(paragraph_text(paragraph)),
                    TableCellContent::Table(inner) => table_lines(inner, lines),
                    _ => {}
                }
            }
        }
    }
}

fn paragraph_text(paragraph: &Paragraph) -> String {
    let mut text = String::new();
    children_text(&paragraph.children, &mut text);
    text
}

/// The text of a paragraph's children: runs, inserted runs and links; deleted text is left out.
fn children_text(children: &[ParagraphChild], text: &mut String) {
    for child in children {
        match child {
            ParagraphChild::Run(run) => run_text(&run.children, text),
            ParagraphChild::Insert(insert) => {
                for child in &insert.children {
                    if let InsertChild::Run(run) = child {
                        run_text(&run.children, text);
                    }
                }
            }
            ParagraphChild::Hyperlink(link) => children_text(&link.children, text),
            _ => {}
        }
    }
}

fn run_text(children: &[RunChild], text: &mut String) {
    for child in children {
        match child {
            RunChild::Text(t) => text.push_str(&t.text),
            RunChild::Tab(_) => text.push('\t'),
            RunChild::Break(_) => text.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use docx_rs::{Docx, Run};

    use super::*;

    #[test]
    fn a_word_document_reads_as_one_line_per_paragraph() {
        let mut bytes = std::io::Cursor::new(Vec::new());
        Docx::new()
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("中共临川县民政局党组2023年度工作报告")),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("　　局党组全年召开专题会议"))
                    .add_run(Run::new().add_text("次。")),
            )
            .build()
            .pack(&mut bytes)
            .expect("pack");
        let bytes = bytes.into_inner();
        assert!(is_docx(&bytes));
        assert_eq!(
            docx_text(&bytes).expect("a document"),
            "中共临川县民政局党组2023年度工作报告\n　　局党组全年召开专题会议次。\n"
        );
        assert_eq!(docx_text(b"PK\x03\x04 not a zip"), None);
        assert!(!is_docx("纯文本".as_bytes()));
    }
}
