//! §1 of the catalog: what BuildKit's parser and instruction parsing reject or warn about.

use crate::analysis::rules::Rule;

mod duplicate_flag;
mod empty_continuation_line;
mod empty_dockerfile;
mod instruction_before_from;
mod invalid_flag_value;
mod invalid_json_form;
mod invalid_parser_directive;
mod misplaced_parser_directive;
mod missing_arguments;
mod shell_requires_json;
mod syntax_error;
mod unknown_flag;
mod unknown_instruction;

pub(super) static RULES: &[&Rule] = &[
    &duplicate_flag::RULE,
    &empty_continuation_line::RULE,
    &empty_dockerfile::RULE,
    &instruction_before_from::RULE,
    &invalid_flag_value::RULE,
    &invalid_json_form::RULE,
    &invalid_parser_directive::RULE,
    &misplaced_parser_directive::RULE,
    &missing_arguments::RULE,
    &shell_requires_json::RULE,
    &syntax_error::RULE,
    &unknown_flag::RULE,
    &unknown_instruction::RULE,
];
