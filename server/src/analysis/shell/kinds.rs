//! Node kinds of tree-sitter-bash as constants, so that no code spells a kind as a bare string; a
//! test checks each against the grammar.

pub const PROGRAM: &str = "program";
pub const ERROR: &str = "ERROR";
pub const COMMENT: &str = "comment";

pub const COMMAND: &str = "command";
pub const COMMAND_NAME: &str = "command_name";
pub const DECLARATION_COMMAND: &str = "declaration_command";
pub const UNSET_COMMAND: &str = "unset_command";
pub const TEST_COMMAND: &str = "test_command";
pub const NEGATED_COMMAND: &str = "negated_command";
pub const VARIABLE_ASSIGNMENT: &str = "variable_assignment";
pub const VARIABLE_ASSIGNMENTS: &str = "variable_assignments";
pub const VARIABLE_NAME: &str = "variable_name";

pub const LIST: &str = "list";
pub const PIPELINE: &str = "pipeline";
pub const SUBSHELL: &str = "subshell";
pub const COMPOUND_STATEMENT: &str = "compound_statement";
pub const REDIRECTED_STATEMENT: &str = "redirected_statement";
pub const IF_STATEMENT: &str = "if_statement";
pub const ELIF_CLAUSE: &str = "elif_clause";
pub const ELSE_CLAUSE: &str = "else_clause";
pub const FOR_STATEMENT: &str = "for_statement";
pub const C_STYLE_FOR_STATEMENT: &str = "c_style_for_statement";
pub const WHILE_STATEMENT: &str = "while_statement";
pub const DO_GROUP: &str = "do_group";
pub const CASE_STATEMENT: &str = "case_statement";
pub const CASE_ITEM: &str = "case_item";
pub const FUNCTION_DEFINITION: &str = "function_definition";

pub const COMMAND_SUBSTITUTION: &str = "command_substitution";
pub const PROCESS_SUBSTITUTION: &str = "process_substitution";
pub const SIMPLE_EXPANSION: &str = "simple_expansion";
pub const EXPANSION: &str = "expansion";
pub const ARITHMETIC_EXPANSION: &str = "arithmetic_expansion";

pub const WORD: &str = "word";
pub const STRING: &str = "string";
pub const RAW_STRING: &str = "raw_string";
pub const ANSI_C_STRING: &str = "ansi_c_string";
pub const TRANSLATED_STRING: &str = "translated_string";
pub const CONCATENATION: &str = "concatenation";
pub const NUMBER: &str = "number";

pub const FILE_REDIRECT: &str = "file_redirect";
pub const HEREDOC_REDIRECT: &str = "heredoc_redirect";
pub const HERESTRING_REDIRECT: &str = "herestring_redirect";
pub const HEREDOC_BODY: &str = "heredoc_body";
pub const FILE_DESCRIPTOR: &str = "file_descriptor";

/// Anonymous tokens: the connectors between commands.
pub const AND: &str = "&&";
pub const OR: &str = "||";
pub const SEMICOLON: &str = ";";
pub const BACKGROUND: &str = "&";
pub const PIPE: &str = "|";
pub const PIPE_BOTH: &str = "|&";
pub const BANG: &str = "!";
pub const CASE_END: &str = ";;";
pub const DOUBLE_QUOTE: &str = "\"";

/// Tokens that open a construct, and the tokens that close them.
pub const IF: &str = "if";
pub const FI: &str = "fi";
pub const FOR: &str = "for";
pub const WHILE: &str = "while";
pub const UNTIL: &str = "until";
pub const SELECT: &str = "select";
pub const DONE: &str = "done";
pub const CASE: &str = "case";
pub const ESAC: &str = "esac";
pub const OPEN_BRACE: &str = "{";
pub const CLOSE_BRACE: &str = "}";
pub const OPEN_PAREN: &str = "(";
pub const CLOSE_PAREN: &str = ")";
pub const DOLLAR_PAREN: &str = "$(";
pub const DOUBLE_PAREN: &str = "((";
pub const DOLLAR_DOUBLE_PAREN: &str = "$((";
pub const CLOSE_DOUBLE_PAREN: &str = "))";
pub const DOLLAR_BRACE: &str = "${";
pub const OPEN_TEST: &str = "[";
pub const CLOSE_TEST: &str = "]";
pub const OPEN_EXTENDED_TEST: &str = "[[";
pub const CLOSE_EXTENDED_TEST: &str = "]]";

pub const ALL_NAMED: &[&str] = &[
    PROGRAM,
    COMMENT,
    COMMAND,
    COMMAND_NAME,
    DECLARATION_COMMAND,
    UNSET_COMMAND,
    TEST_COMMAND,
    NEGATED_COMMAND,
    VARIABLE_ASSIGNMENT,
    VARIABLE_ASSIGNMENTS,
    VARIABLE_NAME,
    LIST,
    PIPELINE,
    SUBSHELL,
    COMPOUND_STATEMENT,
    REDIRECTED_STATEMENT,
    IF_STATEMENT,
    ELIF_CLAUSE,
    ELSE_CLAUSE,
    FOR_STATEMENT,
    C_STYLE_FOR_STATEMENT,
    WHILE_STATEMENT,
    DO_GROUP,
    CASE_STATEMENT,
    CASE_ITEM,
    FUNCTION_DEFINITION,
    COMMAND_SUBSTITUTION,
    PROCESS_SUBSTITUTION,
    SIMPLE_EXPANSION,
    EXPANSION,
    ARITHMETIC_EXPANSION,
    WORD,
    STRING,
    RAW_STRING,
    ANSI_C_STRING,
    TRANSLATED_STRING,
    CONCATENATION,
    NUMBER,
    FILE_REDIRECT,
    HEREDOC_REDIRECT,
    HERESTRING_REDIRECT,
    HEREDOC_BODY,
    FILE_DESCRIPTOR,
];

pub const ALL_ANONYMOUS: &[&str] = &[
    AND,
    OR,
    SEMICOLON,
    BACKGROUND,
    PIPE,
    PIPE_BOTH,
    BANG,
    CASE_END,
    DOUBLE_QUOTE,
    IF,
    FI,
    FOR,
    WHILE,
    UNTIL,
    SELECT,
    DONE,
    CASE,
    ESAC,
    OPEN_BRACE,
    CLOSE_BRACE,
    OPEN_PAREN,
    CLOSE_PAREN,
    DOLLAR_PAREN,
    DOUBLE_PAREN,
    DOLLAR_DOUBLE_PAREN,
    CLOSE_DOUBLE_PAREN,
    DOLLAR_BRACE,
    OPEN_TEST,
    CLOSE_TEST,
    OPEN_EXTENDED_TEST,
    CLOSE_EXTENDED_TEST,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_exists_in_the_grammar() {
        let language: tree_sitter::Language = tree_sitter_bash::LANGUAGE.into();
        for kind in super::ALL_NAMED {
            assert_ne!(
                language.id_for_node_kind(kind, true),
                0,
                "grammar has no named node kind {kind}"
            );
        }
        for kind in super::ALL_ANONYMOUS {
            assert_ne!(language.id_for_node_kind(kind, false), 0, "grammar has no token {kind}");
        }
    }
}
