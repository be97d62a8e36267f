# Writes the dataset-studio(1) man page from the program's own help, so it
# never drifts from the command line: the top-level --help gives the synopsis
# and the command list; each command's --help gives its section.
#   cmake -DSTUDIO_EXE=<dataset-studio> -DOUTPUT=<file.1> -DVERSION=<x.y.z>
#         -DSUMMARY=<one line> -DHOMEPAGE=<url> -P manpage.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var STUDIO_EXE OUTPUT VERSION SUMMARY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "manpage.cmake: -D${var}=... is required")
  endif()
endforeach()

# The help must not depend on the caller's data directory or display.
set(ENV{DATASET_STUDIO_HOME} "${CMAKE_CURRENT_BINARY_DIR}/manpage-home")
set(ENV{QT_QPA_PLATFORM} "offscreen")
# In a sanitizer build, leaks are for the tests to report, not the docs.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")

function(run_help out)
  execute_process(COMMAND "${STUDIO_EXE}" ${ARGN} OUTPUT_VARIABLE text ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(JOIN " " args ${ARGN})
    message(FATAL_ERROR "manpage.cmake: '${STUDIO_EXE} ${args}' failed (${rc}): ${err}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text -> roff: backslashes, hyphens (so options copy and paste as ASCII
# '-'), and a leading '.' or '\'' that roff would take as a request.
function(roff out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  if(text MATCHES "^[.']")
    set(text "\\&${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Lines of a help text as a list (';' escaped so list splitting is safe).
function(help_lines out text)
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

run_help(top --help)
run_help(version_text --version)
string(STRIP "${version_text}" version_text)
if(NOT version_text STREQUAL "dataset-studio ${VERSION}")
  message(FATAL_ERROR "manpage.cmake: --version printed '${version_text}', expected 'dataset-studio ${VERSION}'")
endif()

# Synopsis entries ("  dataset-studio ...", continued by deeper-indented
# lines), the command words they name, and the common options.
help_lines(lines "${top}")
set(synopsis "")
set(entry "")
set(commands "")
set(common_options "-h;--help;--help-all")
foreach(line IN LISTS lines)
  if(line MATCHES "^  dataset-studio(.*)$")
    if(entry)
      list(APPEND synopsis "${entry}")
    endif()
    set(entry "${CMAKE_MATCH_1}")
    # Every '|'-separated part begins with a command word (and maybe a
    # sub-command word), up to an argument, an option or a wide gap.
    string(REPLACE "|" ";" parts "${CMAKE_MATCH_1}")
    foreach(part IN LISTS parts)
      # (a part that starts with a wide gap is a description)
      if(part MATCHES "^ ")
        string(SUBSTRING "${part}" 1 -1 part) # (REGEX REPLACE "^ " would strip them all)
      endif()
      string(REGEX REPLACE "  .*$" "" part "${part}")
      if(part MATCHES "^([a-z][a-z-]*)( ([a-z][a-z-]*))?( |$)")
        list(APPEND commands "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
      endif()
    endforeach()
  elseif(entry AND line MATCHES "^      +(.*)$")
    string(APPEND entry " ${CMAKE_MATCH_1}")
  else()
    if(entry)
      list(APPEND synopsis "${entry}")
      set(entry "")
    endif()
    if(line MATCHES "^Common options:(.*)$")
      string(REGEX MATCHALL "--[a-z-]+" names "${CMAKE_MATCH_1}")
      list(APPEND common_options ${names})
    endif()
  endif()
endforeach()
if(entry)
  list(APPEND synopsis "${entry}")
endif()
list(REMOVE_DUPLICATES commands)
if(NOT commands)
  message(FATAL_ERROR "manpage.cmake: found no commands in the output of --help:\n${top}")
endif()

# One option or argument of a QCommandLineParser help: "  NAMES   description"
# continued by lines indented to the description column.
function(parse_entries out_names out_descs text)
  help_lines(lines "${text}")
  set(names "")
  set(descs "")
  set(section "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^(Options|Arguments):$")
      set(section "${CMAKE_MATCH_1}")
    elseif(section AND line MATCHES "^  ([^ ].*[^ ]|[^ ])  +(.*)$")
      list(APPEND names "${section}|${CMAKE_MATCH_1}")
      string(REPLACE ";" "\\;" d "${CMAKE_MATCH_2}")
      list(APPEND descs "${d}")
    elseif(section AND line MATCHES "^   +(.*)$" AND descs)
      list(POP_BACK descs last)
      string(REPLACE ";" "\\;" d "${CMAKE_MATCH_1}")
      list(APPEND descs "${last} ${d}")
    endif()
  endforeach()
  set(${out_names} "${names}" PARENT_SCOPE)
  set(${out_descs} "${descs}" PARENT_SCOPE)
endfunction()

# Is one of the option names in "-h, --help" or "--format <format>" common?
function(is_common out header)
  set(result FALSE)
  string(REGEX MATCHALL "-?-[a-z-]+" names "${header}")
  foreach(n IN LISTS names)
    if(n IN_LIST common_options)
      set(result TRUE)
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

function(tp_entry out header desc)
  roff(h "${header}")
  roff(d "${desc}")
  set(${out} ".TP\n.B ${h}\n${d}\n" PARENT_SCOPE)
endfunction()

set(command_sections "")
set(common_section "")
set(common_seen "")
foreach(cmd IN LISTS commands)
  string(REPLACE " " ";" cmd_args "${cmd}")
  run_help(help ${cmd_args} --help)
  # "Usage: <argv0> [options] ARGS" then the description up to a blank line.
  if(NOT help MATCHES "^Usage: [^\n]* \\[options\\]([^\n]*)\n([^\n]+(\n[^\n]+)*)")
    message(FATAL_ERROR "manpage.cmake: unexpected help of '${cmd}':\n${help}")
  endif()
  set(args "${CMAKE_MATCH_1}")
  string(REPLACE "\n" " " description "${CMAKE_MATCH_2}")
  roff(cmd_r "${cmd}")
  roff(args_r "${args}")
  roff(desc_r "${description}")
  string(APPEND command_sections ".SS \"dataset\\-studio ${cmd_r}\"\n"
         ".B dataset\\-studio ${cmd_r}\n[\\fIoptions\\fR]${args_r}\n.PP\n${desc_r}\n")
  parse_entries(names descs "${help}")
  list(LENGTH names count)
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      list(GET names ${i} name)
      list(GET descs ${i} desc)
      string(REGEX REPLACE "^[A-Za-z]+\\|" "" header "${name}")
      is_common(common "${header}")
      if(common AND name MATCHES "^Options")
        if(NOT header IN_LIST common_seen)
          list(APPEND common_seen "${header}")
          tp_entry(e "${header}" "${desc}")
          string(APPEND common_section "${e}")
        endif()
      else()
        tp_entry(e "${header}" "${desc}")
        string(APPEND command_sections "${e}")
      endif()
    endforeach()
  endif()
endforeach()
tp_entry(e "-v, --version" "Print the version and exit.")
string(APPEND common_section "${e}")

set(synopsis_roff "")
foreach(s IN LISTS synopsis)
  # A wide gap before lower-case words is a description ("  the desktop app").
  set(note "")
  if(s MATCHES "^(.*[^ ]|)  +([a-z][^-].*)$")
    set(s "${CMAKE_MATCH_1}")
    set(note "${CMAKE_MATCH_2}")
  endif()
  string(REGEX REPLACE "^ +" "" s "${s}")
  string(REGEX REPLACE "  +" " " s "${s}")
  roff(s "${s}")
  string(APPEND synopsis_roff ".br\n.B dataset\\-studio\n")
  if(s)
    string(APPEND synopsis_roff "${s}\n")
  endif()
  if(note)
    roff(note "${note}")
    string(APPEND synopsis_roff "\\(em ${note}\n")
  endif()
endforeach()

roff(summary_r "${SUMMARY}")
string(TIMESTAMP date "%Y-%m-%d" UTC) # honours SOURCE_DATE_EPOCH
file(WRITE "${OUTPUT}" ".\\\" Generated by packaging/manpage.cmake from 'dataset-studio --help'; do not edit.
.TH DATASET\\-STUDIO 1 \"${date}\" \"dataset\\-studio ${VERSION}\" \"User Commands\"
.SH NAME
dataset\\-studio \\- ${summary_r}
.SH SYNOPSIS
.nh
.ad l
${synopsis_roff}.ad
.hy
.SH DESCRIPTION
Dataset Studio prepares text datasets for language\\-model work: it imports
local files or pulls datasets from the Hugging Face Hub, tokenizes them with
any Hugging Face tokenizer, computes statistics and writes token files that
training code can read.
.PP
Without a command it opens the desktop window. Without a display
(neither \\fBDISPLAY\\fR nor \\fBWAYLAND_DISPLAY\\fR set) it runs the
\\fBdemo\\fR command instead. Given files instead of a command (as a file
manager opens them with the app) it opens the window and imports each file;
without a display it imports them headless. With a command it runs headless
and prints progress on the terminal.
.SH COMMANDS
${command_sections}.SH COMMON OPTIONS
${common_section}.SH ENVIRONMENT
.TP
.B DATASET_STUDIO_HOME
The data directory when \\fB\\-\\-data\\-dir\\fR is not given
(default: \\fI~/.local/share/dataset\\-studio\\fR).
.TP
.BR HF_HUB_CACHE \", \" HF_HOME \", \" XDG_CACHE_HOME
Where Hugging Face tokenizers are looked up, as the Hugging Face tools do
(default: \\fI~/.cache/huggingface/hub\\fR).
.SH FILES
.TP
.I <data dir>/catalog.sqlite3
The catalog of datasets, tokenizations and jobs.
.TP
.I <data dir>/datasets/<id>/
The imported rows of a dataset and its tokenizations.
.SH EXIT STATUS
0 on success, 1 when the command failed (the reason is printed on standard
error), 2 for a usage error, 130 when interrupted (the running job is cancelled).
.SH SEE ALSO
${HOMEPAGE}
")
